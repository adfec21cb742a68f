// Opens what a page hides behind menu buttons and disclosures, one state at
// a time, for audit/capture/reveal.go. Installed as window.__granskaReveal.
//
// find(max) lists up to max controls in document order: a <details>
// summary that is closed, and a button (or role=button, a combobox, or a
// link to a fragment) with aria-expanded="false" that names a hidden
// region with aria-controls or says it has a popup menu, listbox, tree or
// grid (kind "popup"). Dialog triggers are left to
// states.js; a submit button is never pressed. open(k) clicks control k
// and leaves the region it revealed in window.__granskaNodes; close(k)
// closes it again and says whether that worked.
(function () {
  var shown = function (el) {
    if (!el || !el.isConnected) return false;
    var cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || el.closest('[hidden]')) return false;
    if (el.closest('details:not([open]) > :not(summary)')) return false;
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  var wait = function () {
    return new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(r, 30); }); }); });
  };
  var finish = function () {
    document.getAnimations().forEach(function (a) {
      if (a.playState === 'running' && a.constructor && a.constructor.name === 'CSSTransition') { try { a.finish(); } catch (e) {} }
    });
  };
  var controlled = function (t) {
    var ids = (t.getAttribute('aria-controls') || '').split(/\s+/);
    for (var i = 0; i < ids.length; i++) {
      var d = ids[i] && document.getElementById(ids[i]);
      if (d) return d;
    }
    return null;
  };
  var isDialog = function (el) {
    var role = el && (el.getAttribute('role') || '').trim().split(/\s+/)[0];
    return !!el && (el.localName === 'dialog' || role === 'dialog' || role === 'alertdialog');
  };
  var list = [];
  var kb = null;
  // Word lists (internal/cue) as expressions: a trailing "*" matches the
  // start of a word, otherwise the whole word.
  var matcher = function (ws) {
    var res = ws.map(function (w) {
      var pre = w.charAt(w.length - 1) === '*';
      if (pre) w = w.slice(0, -1);
      var esc = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return new RegExp('(^|[^\\p{L}\\p{N}])' + esc + (pre ? '' : '(?=$|[^\\p{L}\\p{N}])'), 'u');
    });
    return function (t) {
      t = (t || '').toLowerCase().normalize('NFC');
      return res.some(function (r) { return r.test(t); });
    };
  };
  var choiceSel = 'input[type=checkbox],[role=switch],[role=checkbox],input[type=radio]';
  var nameOf = function (el) {
    return (el.getAttribute('aria-label') || el.innerText || el.value || '').replace(/\s+/g, ' ').trim();
  };
  // consentButton finds the first button of a cookie banner that says it
  // opens more choices, and is no accept, reject or save button and no
  // control listed already: the banner is the nearest ancestor whose text
  // (at most 3000 characters) speaks of cookies.
  var consentButton = function (words, listed) {
    var cookie = matcher(words.cookie), settings = matcher(words.settings), commit = matcher(words.commit);
    var taken = new Set(listed.map(function (it) { return it.t; }));
    var cands = document.querySelectorAll('button,[role=button],a,input[type=button]');
    for (var i = 0; i < cands.length; i++) {
      var t = cands[i];
      if (taken.has(t) || !shown(t) || t.disabled) continue;
      if (t.localName === 'button' && t.type === 'submit' && t.form) continue;
      if (t.localName === 'a' && t.hasAttribute('href')) {
        var h = (t.getAttribute('href') || '').trim();
        if (h !== '' && h.charAt(0) !== '#' && h.toLowerCase().indexOf('javascript:') !== 0) continue; // a link goes elsewhere
      }
      var n = nameOf(t);
      if (!n || n.length > 60 || !settings(n) || commit(n)) continue;
      var banner = null;
      for (var a = t.parentElement; a && a !== document.body; a = a.parentElement) {
        var txt = a.innerText || '';
        if (txt.length > 3000) break;
        if (cookie(txt)) { banner = a; break; }
      }
      if (banner) return { t: t, kind: 'consent', d: null };
    }
    return null;
  };
  var prep = function (it) {
    it.before = new Set();
    document.querySelectorAll(choiceSel).forEach(function (e) { if (shownChoice(e)) it.before.add(e); });
    it.href = location.href;
  };
  // shownChoice: a check box or switch that is shown, or whose label is
  // (custom switches hide the input and draw the label).
  var shownChoice = function (e) {
    if (shown(e)) return true;
    var l = e.labels && e.labels[0];
    return !!l && shown(l);
  };
  // choicesRegion is the layer that shows choices (check boxes, switches)
  // that were not shown before: their nearest common ancestor, or the fixed,
  // sticky or dialog layer around it.
  var choicesRegion = function (before) {
    var fresh = [];
    document.querySelectorAll(choiceSel).forEach(function (e) { if (!before.has(e) && shownChoice(e)) fresh.push(e); });
    if (!fresh.length) return null;
    var r = fresh[0].parentElement;
    while (r && !fresh.every(function (e) { return r.contains(e); })) r = r.parentElement;
    for (var a = r; a && a !== document.body; a = a.parentElement) {
      var cs = getComputedStyle(a), role = (a.getAttribute('role') || '').trim();
      if (cs.position === 'fixed' || cs.position === 'sticky' || a.localName === 'dialog' || role === 'dialog' || role === 'alertdialog') return a;
    }
    return r && r !== document.body ? r : null;
  };
  // deep is the focused element, inside open shadow roots and frames'
  // documents as far as they are reachable; null for the body.
  var deep = function () {
    var a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a && a !== document.body && a !== document.documentElement ? a : null;
  };
  var activeDesc = function (a) {
    var id = a && (a.getAttribute('aria-activedescendant') || '').trim();
    return id ? document.getElementById(id) : null;
  };
  // pos places element a against region r in document order.
  var pos = function (r, a) {
    if (!a || !r) return 'none';
    if (r.contains(a)) return 'inside';
    return (r.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING) ? 'after' : 'before';
  };
  // The keyboard walk records the elements focus entered and left during
  // a key press (a capturing listener past listen.js's counting), so
  // that it waits for script only where some can react (settleKey).
  var onMove = function (e) {
    if (kb && kb.moved) kb.moved.push((e.composedPath && e.composedPath()[0]) || e.target);
  };
  var recording = false;
  var record = function (on) {
    var L = window.__granskaListens;
    if (!L || on === recording) return;
    recording = on;
    if (on) { L.listen('focusin', onMove); L.listen('focusout', onMove); return; }
    L.unlisten('focusin', onMove);
    L.unlisten('focusout', onMove);
  };
  // settleKey follows a key press of the walk. Script reacting to it may
  // move focus a little later, so the walk waits (two frames and 30 ms)
  // where it could: a key, focus or blur listener on the element the key
  // was pressed on, on where focus went, on any element focus passed
  // through, on their ancestors, the document or the window
  // (listen.js). Where none listens, nothing but the browser acted on the
  // key and focus is already where it settles. Decided by the page's
  // listeners, never by time.
  var settleKey = async function () {
    var L = window.__granskaListens, els = [kb.cur, deep()].concat(kb.moved || []);
    kb.moved = [];
    var quiet = !!L && recording && !api.real;
    for (var i = 0; quiet && i < els.length; i++) if (L.reacts(els[i])) quiet = false;
    if (!quiet) await wait();
  };
  // step records where a Tab (or arrow) press left focus (a) against
  // the state's region, for kbStep and kbRun.
  var step = function (it, a, arrow) {
    var r = it.region, p = pos(r, a), out = { where: p, repeat: false, fresh: false };
    kb.cur = a;
    if (!arrow) kb.trail.push(a);
    if (a === it.t) out.where = 'trigger';
    if (arrow) {
      var ad = activeDesc(a);
      out.fresh = (a && r.contains(a) && !kb.reached.has(a)) || (ad && r.contains(ad) && ad !== kb.ad && !kb.reached.has(ad));
      kb.ad = ad;
      note(r, a);
      return out;
    }
    if (a && kb.seen.has(a)) out.repeat = true;
    if (a) kb.seen.add(a);
    if (p !== 'inside' && a !== it.t) kb.left = true;
    out.trapped = out.repeat && !kb.left && p === 'inside';
    out.cycled = out.repeat && kb.left; // a full round of the page's stops
    out.crossed = p === 'after' && (kb.prev === 'before' || kb.prev === 'inside');
    kb.prev = p;
    note(r, a);
    return out;
  };
  // The fast path takes the computed order's word for where Tab goes only
  // after the walk's first real presses (realStops) went there, and turns
  // off for the state at the first real press that did not.
  var realStops = 2;
  var cands = [];
  var follows = function (it, from, to) {
    var i = it.order && from ? it.order.indexOf(from) : -1;
    if (i < 0 || i + 1 >= it.order.length) return; // off the order, or round the page's end
    if (it.order[i + 1] === to) kb.real++;
    else it.order = null;
  };
  // fastNext is the element a Tab press from the focused one reaches by
  // the computed order, where focusing it by script is the same as the
  // press: the order held for the first real presses, the focused element
  // and the next are in it (not the last: a press there leaves the page),
  // and no script listens for the key or the focus change on either
  // (listen.js). Null where a real press is needed.
  var fastNext = function (it) {
    var L = window.__granskaListens, cur = kb.cur;
    if (!it.order || kb.real < realStops || !cur || !L || !recording || api.real) return null;
    var i = it.order.indexOf(cur);
    var next = i >= 0 && i + 1 < it.order.length ? it.order[i + 1] : null;
    if (!next || !next.isConnected || L.reacts(cur) || L.reacts(next)) return null;
    return next;
  };
  var note = function (r, a) {
    if (a && r.contains(a)) kb.reached.add(a);
    var ad = activeDesc(a);
    if (ad && r.contains(ad)) kb.reached.add(ad);
  };
  // api.real (capture.Levers.RealStateKeys): every step a real press
  // followed by a wait.
  var api = window.__granskaReveal = {
    find: function (max, words) {
      list = [];
      max = max + 1;
      var cands = document.querySelectorAll('summary,button,[role=button],[role=combobox],a[href^="#"],input[type=button]');
      for (var i = 0; i < cands.length && list.length < max; i++) {
        var t = cands[i];
        if (!shown(t) || t.disabled) continue;
        if (t.localName === 'summary') {
          var det = t.parentElement;
          if (det && det.localName === 'details' && !det.open && det.querySelector('summary') === t) list.push({ t: t, kind: 'details', d: det });
          continue;
        }
        if (t.localName === 'button' && t.type === 'submit' && t.form) continue;
        if ((t.getAttribute('aria-expanded') || '').trim() !== 'false') continue;
        var pop = (t.getAttribute('aria-haspopup') || '').trim().toLowerCase();
        if (pop === 'dialog') continue;
        var d = controlled(t);
        if (d && (isDialog(d) || shown(d))) continue;
        // A listbox, tree or grid popup (a combobox's, or a button's that
        // says it has one) is opened as a "popup": its options may take no
        // focus of their own (aria-activedescendant), which the rules
        // allow for.
        var drole = d && (d.getAttribute('role') || '').trim().split(/\s+/)[0];
        var popup = drole === 'listbox' || drole === 'tree' || drole === 'grid' || drole === 'treegrid' ||
          (t.getAttribute('role') || '').trim() === 'combobox' || pop === 'listbox' || pop === 'tree' || pop === 'grid';
        var menu = pop === 'true' || pop === 'menu';
        if (!d && !menu && !popup) continue;
        list.push({ t: t, kind: popup ? 'popup' : menu ? 'menu' : 'disclosure', d: d });
      }
      var more = list.length >= max;
      max = max - 1;
      var c = words && consentButton(words, list);
      if (c) {
        more = more || list.length > max - 1;
        list = list.slice(0, max - 1);
        list.push(c);
      } else if (more) {
        list = list.slice(0, max);
      }
      window.__granskaNodes = list.map(function (it) { return it.t; });
      return { kinds: list.map(function (it) { return it.kind; }), more: more };
    },
    open: async function (k) {
      var it = list[k];
      if (it.kind === 'consent') {
        prep(it);
        it.t.click();
        return this.settle(k);
      }
      var before = new Set();
      if (!it.d) {
        // A popup without aria-controls: what becomes shown next to it.
        var sib = it.t.parentElement ? it.t.parentElement.querySelectorAll('*') : [];
        sib.forEach(function (e) { if (shown(e)) before.add(e); });
      }
      it.before = before;
      it.t.click();
      return this.settle(k);
    },
    // settle finds the region control k opened (by a click, or by a key
    // the caller pressed) and leaves it in window.__granskaNodes.
    settle: async function (k) {
      var it = list[k], before = it.before || new Set();
      await wait(); finish(); await wait();
      if (it.kind === 'consent') {
        region = location.href === it.href ? choicesRegion(before) : null;
        window.__granskaNodes = region ? [region] : [];
        it.region = region;
        return !!region;
      }
      var region = it.d;
      if (!region && it.t.parentElement) {
        var all = it.t.parentElement.children;
        for (var i = 0; i < all.length && !region; i++) if (all[i] !== it.t && !before.has(all[i]) && shown(all[i])) region = all[i];
      }
      var opened = !!region && (it.kind === 'details' ? region.open : shown(region));
      window.__granskaNodes = opened ? [region] : [];
      it.region = opened ? region : null;
      return opened;
    },
    // The keyboard pass (stateskeys.go): kbFocus focuses control k with
    // the region closed; kbOpened says whether a key opened it; kbStep,
    // after each Tab or arrow press, records where focus is; kbReached
    // leaves the region's elements reached in window.__granskaNodes.
    kbFocus: async function (k) {
      var it = list[k];
      kb = { reached: new Set(), seen: new Set(), prev: '', left: false, ad: null, cur: null, moved: [], trail: [], real: 0 };
      record(true);
      if (it.kind === 'consent') prep(it);
      it.t.focus();
      await wait();
      return deep() === it.t;
    },
    kbOpened: async function (k) {
      var it = list[k];
      if (it.kind === 'consent') await this.settle(k);
      else { await wait(); finish(); await wait(); }
      var r = it.region || it.d;
      var open = !!r && (it.kind === 'details' ? it.d.open : shown(r));
      var a = deep();
      kb.prev = pos(r, a);
      kb.ad = activeDesc(a);
      if (open) note(r, a);
      kb.cur = a;
      kb.moved = [];
      kb.trail = [a];
      return { opened: open, focusInside: open && !!a && a !== it.t && r.contains(a) };
    },
    kbStep: async function (k, arrow) {
      var it = list[k], prev = kb.cur;
      await settleKey();
      var a = deep(), out = step(it, a, arrow);
      if (!arrow) follows(it, prev, a);
      out.fast = !arrow && !!fastNext(it);
      return out;
    },
    // The Tab walk's fast path (stateskeys.go walkState). kbCands lists
    // the main document's focusable elements (light DOM, no frames) in
    // window.__granskaNodes; kbOrder(k, idx) takes the state page's
    // computed focus order as indexes into that list (-1: not one of
    // them) and checks it against the stops the real Tab presses of this
    // walk reached so far. kbRun(k, tabs, max) then takes up to max Tab
    // steps by focusing the next element of that order by script, where
    // no script can tell (fastNext), and stops where the walk ends or a
    // real press is needed.
    kbCands: function () {
      var all = document.querySelectorAll('*'), out = [];
      for (var i = 0; i < all.length; i++) {
        var e = all[i], tag = e.localName;
        if ((e.tabIndex >= 0 || e.isContentEditable) && tag !== 'iframe' && tag !== 'frame' && tag !== 'object' && tag !== 'embed') out.push(e);
      }
      window.__granskaNodes = out;
      cands = out;
      return out.length;
    },
    kbOrder: function (k, idx) {
      var it = list[k];
      it.order = idx.map(function (i) { return i >= 0 ? cands[i] || null : null; });
      cands = [];
      for (var i = 1; i < kb.trail.length && it.order; i++) follows(it, kb.trail[i - 1], kb.trail[i]);
      return !!fastNext(it);
    },
    kbRun: function (k, tabs, max) {
      var it = list[k], out = { steps: 0, ended: '', fast: false };
      for (var next = fastNext(it); next && out.steps < max; next = fastNext(it)) {
        var cur = kb.cur;
        next.focus();
        var a = deep();
        if (a !== next) {
          // Focus did not go where Tab would take it: put it back and
          // leave the rest to real presses.
          it.order = null;
          if (a !== cur && cur && cur.focus) cur.focus();
          kb.moved = [];
          break;
        }
        kb.moved = [];
        kb.cur = a;
        out.steps++;
        var st = step(it, a, false);
        if (st.trapped) { out.ended = 'trapped'; break; }
        if (st.crossed || st.cycled || (st.where === 'trigger' && tabs + out.steps > 1)) { out.ended = 'past'; break; }
      }
      out.fast = !out.ended && !!fastNext(it);
      return out;
    },
    kbReached: function () {
      window.__granskaNodes = Array.from(kb.reached);
      return kb.reached.size;
    },
    kbEscape: async function (k) {
      var it = list[k];
      await wait(); finish();
      record(false);
      var closed = !it.region || (it.kind === 'details' ? !it.d.open : !shown(it.region));
      return { closed: closed, returned: deep() === it.t };
    },
    composite: function (k) {
      var it = list[k], r = it.region;
      if (!r) return false;
      if ((it.t.getAttribute('role') || '').trim() === 'combobox') return true;
      var sel = '[role=menu],[role=menubar],[role=listbox],[role=tree],[role=grid],[role=treegrid]';
      return r.matches(sel) || !!r.querySelector(sel);
    },
    close: async function (k) {
      var it = list[k];
      record(false);
      if (it.kind === 'details') it.d.open = false;
      else if ((it.t.getAttribute('aria-expanded') || '') === 'true') it.t.click();
      await wait(); finish();
      if (it.kind === 'popup' && it.region && shown(it.region)) {
        // A combobox closes on Escape, or when focus leaves it.
        it.t.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', keyCode: 27, bubbles: true, cancelable: true }));
        await wait();
      }
      if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
      if (it.kind === 'popup') await wait();
      return !it.region || (it.kind === 'details' ? !it.d.open : !shown(it.region));
    }
  };
})()
