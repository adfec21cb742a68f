// Page-side helpers for the capture's extra evidence (variants, pixels,
// motion). Installed once per page as window.__granskaX. Functions that
// find nodes leave them in window.__granskaNodes, in the order of the data
// they return, for the caller to resolve to backend node ids.
(function () {
  if (window.__granskaX) return;
  var X = {};
  var keep = function (nodes) { window.__granskaNodes = nodes; };
  var html = function (el) { return el && el.namespaceURI === 'http://www.w3.org/1999/xhtml'; };
  var px = function (v) { var f = parseFloat(v); return isNaN(f) ? 0 : f; };

  // Whether script may move focus on blur: inline handlers, or blur
  // listeners on focusable elements.
  X.blurHandlers = function () {
    var ev = window.__granskaEv || {};
    return !!(ev.__onBlur || document.querySelector('[onblur],[onfocusout]'));
  };

  // Whether script listens for keys being released: the walk then reads a
  // focus stop only after the Tab key's up event has been handled.
  X.keyupHandlers = function () {
    var ev = window.__granskaEv || {};
    return !!(ev.keyup || document.querySelector('[onkeyup]'));
  };

  // Replaced elements: their overflow clips what they draw, not text.
  var replaced = { img: 1, video: 1, canvas: 1, iframe: 1, embed: 1, object: 1, input: 1, select: 1, textarea: 1, audio: 1 };

  // Elements whose overflow hides content in an axis ("x", "y").
  var clipsIn = function (cs, axis) {
    var v = axis === 'x' ? cs.overflowX : cs.overflowY;
    return v === 'hidden' || v === 'clip';
  };
  var scrollsIn = function (cs, axis) {
    var v = axis === 'x' ? cs.overflowX : cs.overflowY;
    return v !== 'visible' && v !== 'clip';
  };

  // Text nodes clipped by an ancestor's overflow hidden/clip: for each
  // axis the nearest ancestor that is not overflow-visible in that axis
  // decides (a scrolling one lets the user scroll). Horizontal clipping is
  // excused by white-space nowrap with a text-overflow other than clip;
  // vertical clipping when the box shows whole lines only.
  X.clipped = function (max) {
    var out = [], nodes = [];
    // Only text inside an element that clips can be clipped: find those
    // first (outermost ones; replaced elements clip their own drawing, not
    // text), and walk the text beneath them alone.
    var roots = [];
    var all = document.querySelectorAll('*');
    for (var i = 0; i < all.length; i++) {
      var ce = all[i];
      if (!html(ce) || replaced[ce.localName]) continue;
      var rcs = getComputedStyle(ce);
      if (!clipsIn(rcs, 'x') && !clipsIn(rcs, 'y')) continue;
      if (roots.length && roots[roots.length - 1].contains(ce)) continue;
      roots.push(ce);
    }
    if (!roots.length) { keep(nodes); return out; }
    var range = document.createRange();
    for (var ri = 0; ri < roots.length && out.length < max; ri++) {
      var walker = document.createTreeWalker(roots[ri], NodeFilter.SHOW_TEXT);
      for (var t = walker.nextNode(); t && out.length < max; t = walker.nextNode()) {
        if (!/\S/.test(t.data)) continue;
        var el = t.parentElement;
        if (!html(el) || el.closest('[aria-hidden="true"]')) continue;
        var ecs = getComputedStyle(el);
        if (ecs.visibility !== 'visible' || ecs.display === 'none') continue;
        range.selectNodeContents(t);
        var rects = range.getClientRects();
        if (!rects.length) continue;
        var tb = range.getBoundingClientRect();
        if (tb.width <= 0 || tb.height <= 0) continue;
        for (var a = 0; a < 2; a++) {
          var axis = a ? 'y' : 'x', c = null, ccs = null;
          for (var p = el; p && p !== document.documentElement; p = p.parentElement) {
            var pcs = getComputedStyle(p);
            if (scrollsIn(pcs, axis) || clipsIn(pcs, axis)) { c = p; ccs = pcs; break; }
          }
          if (!c || !clipsIn(ccs, axis)) continue;
          var r = c.getBoundingClientRect();
          if (r.width <= 1 && r.height <= 1) continue; // visually hidden pattern
          var x0 = r.left + c.clientLeft, y0 = r.top + c.clientTop;
          var x1 = x0 + c.clientWidth, y1 = y0 + c.clientHeight;
          var need, have, cut = false;
          if (axis === 'x') {
            cut = tb.left < x0 - 1 || tb.right > x1 + 1;
            if (cut && ccs.whiteSpace.indexOf('nowrap') >= 0 && ccs.textOverflow !== 'clip') cut = false;
            need = tb.width; have = c.clientWidth;
          } else {
            cut = tb.top < y0 - 1 || tb.bottom > y1 + 1;
            if (cut) {
              var lh = ccs.lineHeight === 'normal' ? rects[0].height : px(ccs.lineHeight);
              var h = c.clientHeight - px(ccs.paddingTop) - px(ccs.paddingBottom);
              if (lh > 0 && h >= lh - 0.5) {
                var frac = h / lh - Math.floor(h / lh + 0.05);
                if (frac < 0.05) cut = false;
              }
            }
            need = tb.height; have = c.clientHeight;
          }
          if (cut) {
            nodes.push(t);
            out.push({ box: { x: tb.left + scrollX, y: tb.top + scrollY, w: tb.width, h: tb.height }, need: need, have: have });
            break;
          }
        }
      }
    }
    keep(nodes);
    return out;
  };

  // The elements that make the page scroll sideways at this viewport:
  // boxes past the right edge whose parent ends inside it.
  X.overflow = function (max) {
    var vw = document.documentElement.clientWidth;
    var sw = Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0);
    var res = { scrollW: sw, scrollH: document.documentElement.scrollHeight, vw: vw, items: [] };
    var nodes = [];
    if (sw > vw + 1) {
      var all = document.body ? document.body.querySelectorAll('*') : [];
      for (var i = 0; i < all.length && nodes.length < max; i++) {
        var el = all[i], r = el.getBoundingClientRect();
        if (r.right + scrollX <= vw + 1 || r.width <= 0 || r.height <= 0) continue;
        var par = el.parentElement, pr = par ? par.getBoundingClientRect() : null;
        if (pr && pr.right + scrollX > vw + 1 && par !== document.body) continue;
        var cs = getComputedStyle(el);
        if (cs.visibility !== 'visible' || cs.position === 'fixed' && r.left >= vw) continue;
        nodes.push(el);
        res.items.push({ box: { x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height }, need: r.right + scrollX, have: vw });
      }
    }
    keep(nodes);
    return res;
  };

  // Whether text spacing can clip anything: an element clips (overflow
  // hidden or clip in either axis; spacing changes no overflow), or a
  // container query or a style sheet that cannot be read might make one
  // clip once the spacing changes sizes.
  X.mayClip = function () {
    var all = document.querySelectorAll('*');
    for (var i = 0; i < all.length; i++) {
      var e = all[i];
      if (!html(e) || replaced[e.localName]) continue;
      var cs = getComputedStyle(e);
      if (clipsIn(cs, 'x') || clipsIn(cs, 'y')) return true;
    }
    var found = false;
    var scan = function (rules) {
      for (var i = 0; rules && i < rules.length && !found; i++) {
        var r = rules[i];
        if (typeof CSSContainerRule !== 'undefined' && r instanceof CSSContainerRule) { found = true; return; }
        if (r.cssRules) scan(r.cssRules);
      }
    };
    for (var s = 0; s < document.styleSheets.length && !found; s++) {
      try { scan(document.styleSheets[s].cssRules); } catch (e) { found = true; }
    }
    return found;
  };

  // Whether what clips on the page cannot change with the viewport's
  // size: nothing clips now (mayClip), no style rule or sheet depends on
  // a media query with a feature (width, orientation, ...), and no script
  // listens for resizes (resize listeners, onresize, ResizeObserver,
  // matchMedia: listen.js counts them). Then a re-layout at another size
  // cannot make text clipped, and the zoom variant need not re-lay out.
  X.clipFixed = function () {
    if (X.mayClip()) return false;
    var ev = window.__granskaEv || {};
    if (ev.resize || ev.__resizeObserver || ev.__matchMedia || window.onresize ||
        document.querySelector('[onresize]')) return false;
    var found = false;
    var feat = function (m) { return !!(m && /\(/.test(m.mediaText || '')); };
    var scan = function (rules) {
      for (var i = 0; rules && i < rules.length && !found; i++) {
        var r = rules[i];
        if (feat(r.media)) { found = true; return; }
        if (r.styleSheet) { try { scan(r.styleSheet.cssRules); } catch (e) { found = true; return; } }
        if (r.cssRules) scan(r.cssRules);
      }
    };
    for (var s = 0; s < document.styleSheets.length && !found; s++) {
      var sh = document.styleSheets[s];
      if (feat(sh.media)) return false;
      try { scan(sh.cssRules); } catch (e) { return false; }
    }
    return !found;
  };

  // The text-spacing variant in one call: the text clipped before and
  // after the spacing style css is applied (at most max each), keeping
  // the nodes clipped only after. skip when nothing can clip (mayClip).
  X.spacing = function (css, max) {
    if (!X.mayClip()) { keep([]); return { skip: true, items: [] }; }
    var before = X.clipped(max), bn = (window.__granskaNodes || []).slice(0, max - 1);
    var st = document.createElement('style');
    st.textContent = css;
    (document.head || document.documentElement).appendChild(st);
    var after, an;
    try { after = X.clipped(max); an = window.__granskaNodes || []; } finally { st.remove(); }
    var items = [], nodes = [];
    for (var i = 0; i < after.length && i < max - 1; i++) {
      if (bn.indexOf(an[i]) >= 0) continue;
      items.push(after[i]); nodes.push(an[i]);
    }
    keep(nodes);
    return { items: items, trunc: after.length > max - 1 };
  };

  // Whether a style sheet has a media rule on orientation.
  X.orientationRules = function () {
    var found = false;
    var scan = function (rules) {
      for (var i = 0; rules && i < rules.length && !found; i++) {
        var r = rules[i];
        if (r.media && /orientation/i.test(r.media.mediaText || '')) { found = true; return; }
        if (r.cssRules) scan(r.cssRules);
      }
    };
    for (var s = 0; s < document.styleSheets.length && !found; s++) {
      var sh = document.styleSheets[s];
      if (sh.media && /orientation/i.test(sh.media.mediaText || '')) { found = true; break; }
      try { scan(sh.cssRules); } catch (e) { /* cross-origin sheet */ }
    }
    return found;
  };

  // The rotation (degrees clockwise, 0..360) of html, body and their
  // children from transform and rotate.
  var angle = function (cs) {
    var a = 0, m = cs.transform;
    if (m && m !== 'none') {
      var v = m.slice(m.indexOf('(') + 1, -1).split(',').map(parseFloat);
      if (m.indexOf('matrix3d') === 0) a = Math.atan2(v[1], v[0]);
      else a = Math.atan2(v[1], v[0]);
      a = a * 180 / Math.PI;
    }
    var r = cs.rotate;
    if (r && r !== 'none') {
      var parts = r.trim().split(/\s+/), last = parts[parts.length - 1];
      var deg = px(last);
      if (/rad$/.test(last)) deg = deg * 180 / Math.PI;
      else if (/turn$/.test(last)) deg = deg * 360;
      else if (/grad$/.test(last)) deg = deg * 0.9;
      if (parts.length === 4 && px(parts[2]) < 0) deg = -deg;
      a += deg;
    }
    a = a % 360;
    if (a < 0) a += 360;
    return Math.round(a * 100) / 100;
  };
  X.rotations = function () {
    var els = [document.documentElement];
    if (document.body) {
      els.push(document.body);
      for (var c = document.body.firstElementChild; c && els.length < 40; c = c.nextElementSibling) els.push(c);
    }
    var out = [];
    for (var i = 0; i < els.length; i++) out.push(angle(getComputedStyle(els[i])));
    keep(els);
    return out;
  };

  // Motion: endless or long animations, marquee and blink elements, and
  // text changed since watch() was called.
  //
  // Text that a repeating timer the page started by itself (timers.js)
  // removes or replaces is "updating": the timer's wrapper reports before
  // and after each callback, so the records taken then are the timer's.
  // motion() also runs the next tick of each such timer that did not tick
  // during the watch, at once (bounded: delays up to 5 s, 8 timers),
  // rather than waiting up to its delay.
  var textOf = function (nodes) {
    var s = '';
    for (var i = 0; i < nodes.length; i++) s += nodes[i].textContent || '';
    return s.trim();
  };
  var hiddenNow = function (el) {
    var cs = getComputedStyle(el);
    return cs.display === 'none' || cs.visibility === 'hidden';
  };
  var note = function (ms, rec, live) {
    for (var i = 0; i < ms.length; i++) {
      var m = ms[i], n = m.target;
      var el = n.nodeType === 1 ? n : n.parentElement;
      if (!el || /^(STYLE|SCRIPT|HEAD|LINK|TITLE|NOSCRIPT|TEMPLATE)$/.test(el.tagName)) continue;
      if (m.type === 'attributes') {
        // A repeating timer the page started by itself that shows or
        // hides text (a carousel turning its slides with hidden, a class
        // or a style) updates the page as much as one that replaces the
        // text; other attribute changes are not counted.
        if (!rec || rec.user || !rec.repeat || !live || el === document.body || el === document.documentElement) continue;
        if (el.getAttribute(m.attributeName) === m.oldValue || !(el.textContent || '').trim()) continue;
        // A class or style change counts only where it hid the element or
        // undid a style that hid it, not where it recoloured text.
        if ((m.attributeName === 'class' || m.attributeName === 'style') && !hiddenNow(el) &&
            !(m.attributeName === 'style' && /display\s*:\s*none|visibility\s*:\s*hidden/.test(m.oldValue || ''))) continue;
        if (X.updating.length < 20 && X.updating.indexOf(el) < 0) X.updating.push(el);
        continue;
      }
      // The same text set again is no change.
      var old = m.type === 'characterData' ? (m.oldValue || '').trim() : textOf(m.removedNodes);
      var now = m.type === 'characterData' ? (n.data || '').trim() : textOf(m.addedNodes);
      if (old === now) continue;
      if (X.changed.length < 50 && X.changed.indexOf(el) < 0) X.changed.push(el);
      // Removed or replaced, not added to: a log that grows is not
      // updating text.
      if (!rec || rec.user || !rec.repeat || !live || old === '') continue;
      if (X.updating.length < 20 && X.updating.indexOf(el) < 0) X.updating.push(el);
    }
  };
  X.watch = function () {
    X.changed = [];
    X.updating = [];
    X.t0 = performance.now();
    var T = window.__granskaTimers;
    try {
      X.mo = new MutationObserver(function (ms) { note(ms, null, false); });
      X.mo.observe(document, { subtree: true, childList: true, characterData: true, characterDataOldValue: true,
        attributes: true, attributeOldValue: true, attributeFilter: ['hidden', 'class', 'style', 'aria-hidden'] });
    } catch (e) { X.mo = null; }
    if (T && X.mo) {
      T.before = function () { note(X.mo.takeRecords(), null, false); };
      T.after = function (rec, live) { rec.watched = true; note(X.mo.takeRecords(), rec, live); };
    }
  };
  X.motion = function () {
    var T = window.__granskaTimers, ticked = 0;
    if (X.mo) {
      note(X.mo.takeRecords(), null, false);
      if (T && T.tick && T.after) {
        // Bounded by count, never by time: which timers are ticked must
        // not depend on how busy the machine is.
        var ids = Object.keys(T.live);
        for (var j = 0; j < ids.length && ticked < 8; j++) {
          var rec = T.live[ids[j]];
          if (!rec || rec.user || !rec.repeat || rec.watched || rec.delay > 5000) continue;
          ticked++;
          T.tick(rec.id);
        }
      }
      note(X.mo.takeRecords(), null, false);
      X.mo.disconnect();
      X.mo = null;
    }
    if (T) T.before = T.after = null;
    var anim = [], marq = [];
    try {
      var as = document.getAnimations ? document.getAnimations() : [];
      for (var i = 0; i < as.length && anim.length < 30; i++) {
        var a = as[i], t = a.effect && a.effect.getComputedTiming ? a.effect.getComputedTiming() : null;
        var el = a.effect && a.effect.target;
        if (!t || !el || a.playState !== 'running') continue;
        if (t.iterations === Infinity || t.endTime > 5000) {
          if (el.nodeType !== 1) el = el.parentElement;
          if (el && anim.indexOf(el) < 0) anim.push(el);
        }
      }
    } catch (e) { /* no animations API */ }
    var ms = document.querySelectorAll('marquee, blink');
    for (var k = 0; k < ms.length && k < 30; k++) marq.push(ms[k]);
    var connected = function (el) { return el.isConnected; };
    var changed = (X.changed || []).filter(connected);
    var updating = (X.updating || []).filter(connected);
    keep(anim.concat(marq, changed, updating));
    return { animations: anim.length, marquees: marq.length, changed: changed.length, updating: updating.length, ticked: ticked, watched: X.t0 ? performance.now() - X.t0 : 0 };
  };

  // Named key combinations in the page's text, such as "Ctrl+M".
  X.namedKeys = function () {
    var text = document.body ? document.body.innerText || '' : '';
    var re = /\b(ctrl|control|alt|shift|cmd|meta)\s*\+\s*([a-z0-9])\b/gi, m, out = [];
    while ((m = re.exec(text)) && out.length < 3) {
      var k = m[1].toLowerCase() + '+' + m[2].toLowerCase();
      if (out.indexOf(k) < 0) out.push(k);
    }
    return out;
  };

  Object.defineProperty(window, '__granskaX', { value: X, enumerable: false });
})();
