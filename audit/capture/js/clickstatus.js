// The click probe (clickstatus.go), installed on the page loaded again for
// one click. arm(path, tag) finds the control by its path of element
// children from <html> (the snapshot's place) and checks its tag; click(quietMs,
// maxMs) clicks it as a person would (focus, then click), watches the DOM
// while the page reacts, and reports every element whose visible text
// appeared or changed: its text before and after, the live region it is in
// (and whether the click added that region), whether it is inside the
// control. Texts shown and removed again while the page reacted (a toast)
// are kept as first seen. The wait ends when the page has nothing due
// (timers.js) and the DOM and the network are quiet for quietMs; maxMs is a
// safety net.
(function () {
  if (window.__granskaClick) return;
  var LIVE = '[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log], [role=progressbar], [role=marquee], [role=timer], output';
  var MAX_ELEMENTS = 20000, MAX_TEXTS = 10;
  var target = null;
  function norm(s) { return (s || '').replace(/\s+/g, ' ').trim(); }
  function shown(el) {
    if (!el || !el.isConnected) { return false; }
    if (el.checkVisibility) { return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }); }
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }
  function skip(el) { return !el || el.tagName === 'SCRIPT' || el.tagName === 'STYLE' || el.tagName === 'NOSCRIPT' || el.tagName === 'TEMPLATE'; }
  function visibleText(el) { return shown(el) ? norm(el.innerText || el.textContent).slice(0, 300) : ''; }
  function pathOf(el) {
    var out = [];
    while (el && el !== document.documentElement) {
      var par = el.parentElement;
      if (!par || el.getRootNode() !== document) { return null; }
      out.unshift(Array.prototype.indexOf.call(par.children, el));
      el = par;
    }
    return el ? out : null;
  }
  function deepActive() {
    var a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) { a = a.shadowRoot.activeElement; }
    return a;
  }
  function dialogs() {
    return Array.prototype.filter.call(document.querySelectorAll('dialog[open], [role=dialog], [role=alertdialog], [aria-modal=true]'), shown);
  }

  window.__granskaClick = {
    arm: function (path, tag) {
      var el = document.documentElement;
      for (var i = 0; el && i < path.length; i++) { el = el.children[path[i]]; }
      target = el && el.tagName.toLowerCase() === tag ? el : null;
      return target ? norm(target.getAttribute('aria-label') || target.innerText || target.value || '').slice(0, 80) : null;
    },
    click: function (quietMs, maxMs) {
      var el = target;
      // Text of every element with text of its own, before the click.
      var before = new Map();
      var existed = new WeakSet();
      var all = document.body ? document.body.getElementsByTagName('*') : [];
      for (var i = 0; i < all.length && i < MAX_ELEMENTS; i++) {
        var e = all[i];
        existed.add(e);
        if (skip(e)) { continue; }
        for (var n = e.firstChild; n; n = n.nextSibling) {
          if (n.nodeType === 3 && norm(n.nodeValue)) { before.set(e, visibleText(e)); break; }
        }
      }
      var liveBefore = new Set(document.querySelectorAll(LIVE));
      var dialogsBefore = new Set(dialogs());
      var found = new Map(); // holder -> record
      var order = [];
      function note(holder) {
        if (skip(holder) || !document.body || !document.body.contains(holder)) { return; }
        var now = visibleText(holder);
        var rec = found.get(holder);
        if (!now) { return; } // hidden or emptied: a record keeps its text
        if (now === (before.get(holder) || '')) { if (rec) { rec.text = now; } return; }
        if (!rec) {
          var r = holder.closest(LIVE);
          rec = {
            el: holder, text: now, before: before.get(holder) || '',
            live: r ? (r.getAttribute('role') || (r.hasAttribute('aria-live') ? 'aria-live=' + r.getAttribute('aria-live') : r.tagName.toLowerCase())) : '',
            liveAdded: !!(r && !liveBefore.has(r)),
            inControl: !!(el && el.contains(holder))
          };
          found.set(holder, rec);
          order.push(rec);
        } else { rec.text = now; }
      }
      function scan(node) {
        if (node.nodeType === 3) { if (node.parentElement && norm(node.nodeValue)) { note(node.parentElement); } return; }
        if (node.nodeType !== 1 || skip(node)) { return; }
        var w = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
        var k = 0;
        for (var t = w.nextNode(); t && k < 500; t = w.nextNode(), k++) {
          if (t.parentElement && norm(t.nodeValue)) { note(t.parentElement); }
        }
      }
      var last = performance.now();
      var mo = new MutationObserver(function (recs) {
        last = performance.now();
        recs.forEach(function (m) {
          if (m.type === 'characterData') { scan(m.target); return; }
          if (m.type === 'attributes') { scan(m.target); return; }
          Array.prototype.forEach.call(m.addedNodes, scan);
          if (m.target && m.target.nodeType === 1) { scan(m.target); }
        });
      });
      mo.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'style', 'hidden', 'open', 'aria-hidden'] });
      var opened = 0;
      window.open = function () { opened++; return null; };
      window.print = function () {};
      var err = '';
      try {
        if (el.focus) { el.focus({ preventScroll: true }); }
        el.click();
      } catch (x) { err = String(x && x.message || x); }
      var T = window.__granskaTimers;
      var later = (T && T.own) || function (fn, ms) { return setTimeout(fn, ms); };
      return new Promise(function (resolve) {
        var start = performance.now();
        (function tick() {
          var now = performance.now();
          // Quiet counts from the end of the page's last request too: a
          // response's body is read after its fetch settled.
          if (T && T.busy(1500)) { last = now; }
          var busy = now - last < quietMs || now - start < quietMs;
          if (busy && now - start < maxMs) { later(tick, 30); return; }
          mo.disconnect();
          found.forEach(function (rec, holder) { note(holder); });
          // An element and its ancestor both changed: keep the outer one.
          var kept = order.filter(function (rec) {
            for (var a = rec.el.parentElement; a; a = a.parentElement) { if (found.has(a)) { return false; } }
            return true;
          });
          var act = deepActive();
          var out = {
            error: err, timedOut: busy, added: kept.length, opened: opened,
            focusMoved: !!(act && act !== document.body && act !== el && !(el && el.contains(act))),
            dialog: dialogs().some(function (d) { return !dialogsBefore.has(d); }),
            texts: kept.slice(0, MAX_TEXTS).map(function (rec) {
              return { path: existed.has(rec.el) ? pathOf(rec.el) : null, tag: rec.el.tagName.toLowerCase(), text: rec.text, before: rec.before, live: rec.live, liveAdded: rec.liveAdded, inControl: rec.inControl };
            })
          };
          resolve(out);
        })();
      });
    }
  };
})();
