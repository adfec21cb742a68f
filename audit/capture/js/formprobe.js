// Called on a form element with (quietMs, maxMs, submit, ...fields):
// submits the form as a person would (clicking its submit control, or
// requestSubmit when it has none) with the fields as they are, waits until
// the page has nothing due (no one-shot timeout due within 1.5 s of being set,
// no request in flight: timers.js) and the DOM is quiet for quietMs, and
// reports what the page did. maxMs of waiting is a safety net: when it
// runs out the result says timedOut and the capture records a gap. The capture intercepts
// every request meanwhile, so nothing leaves the machine.
function (quietMs, maxMs, submit) {
  var form = this;
  var fields = Array.prototype.slice.call(arguments, 3);
  var region = form.closest('main, section, article, [role=main], body') || form.parentElement || form;
  if (region === document.body && form.parentElement) { region = form.parentElement; }

  function shown(el) {
    if (!el || !el.isConnected) { return false; }
    if (el.checkVisibility) { return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }); }
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }
  function norm(s) { return (s || '').replace(/\s+/g, ' ').trim(); }
  function visibleTexts(root) {
    var out = [];
    var w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var n = w.nextNode(); n; n = w.nextNode()) {
      var t = norm(n.nodeValue);
      var p = n.parentElement;
      if (t && p && p.tagName !== 'SCRIPT' && p.tagName !== 'STYLE' && p.tagName !== 'OPTION' && shown(p)) { out.push(t); }
    }
    return out;
  }
  function idText(el, attr) {
    var ids = norm(el.getAttribute(attr)).split(' ');
    var parts = [];
    for (var i = 0; i < ids.length; i++) {
      var x = ids[i] && (el.getRootNode().getElementById ? el.getRootNode().getElementById(ids[i]) : document.getElementById(ids[i]));
      if (x) { parts.push(norm(x.textContent)); }
    }
    return norm(parts.join(' '));
  }
  function described(el) { return norm(idText(el, 'aria-describedby') + ' ' + idText(el, 'aria-errormessage')); }
  function liveRegions() {
    return Array.prototype.slice.call(document.querySelectorAll('[aria-live]:not([aria-live=off]), [role=alert], [role=status], [role=log], output'));
  }
  function rowOf(el) {
    var x = el.parentElement;
    if (x && x.tagName === 'LABEL' && x.parentElement) { x = x.parentElement; }
    return x && x.parentElement && x.parentElement !== form ? x.parentElement : x;
  }
  function deepActive() {
    var a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) { a = a.shadowRoot.activeElement; }
    return a;
  }

  var before = {};
  visibleTexts(region).forEach(function (t) { before[t] = true; });
  var liveBefore = new Map();
  liveRegions().forEach(function (el) { liveBefore.set(el, norm(el.textContent)); });
  var rowBefore = fields.map(function (f) {
    var seen = {};
    var r = rowOf(f);
    if (r) { visibleTexts(r).forEach(function (t) { seen[t] = true; }); }
    return seen;
  });
  var descBefore = fields.map(described);
  var looksBefore = fields.map(looks);
  var marksBefore = fields.map(function (f) { return marks(rowOf(f)); });
  var invalidSeen = new Set();
  var onInvalid = function (e) { invalidSeen.add(e.target); };
  document.addEventListener('invalid', onInvalid, true);

  var last = performance.now();
  var mo = new MutationObserver(function () { last = performance.now(); });
  mo.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });

  var err = '';
  try {
    if (submit) { submit.click(); } else if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  } catch (e) { err = String(e && e.message || e); }

  var T = window.__granskaTimers;
  var later = (T && T.own) || function (fn, ms) { return setTimeout(fn, ms); };
  return new Promise(function (resolve) {
    var start = performance.now();
    (function tick() {
      var now = performance.now();
      var busy = (T && T.busy(1500)) || now - last < quietMs || now - start < quietMs;
      var over = now - start >= maxMs;
      if (busy && !over) { later(tick, 30); return; }
      mo.disconnect();
      document.removeEventListener('invalid', onInvalid, true);
      var out = { error: err, fields: [], live: [], newText: [], timedOut: busy };
      fields.forEach(function (f, k) {
        var nearby = [];
        var r = rowOf(f);
        if (r) { visibleTexts(r).forEach(function (t) { if (!rowBefore[k][t]) { nearby.push(t); } }); }
        out.fields.push({
          invalid: f.getAttribute('aria-invalid') || '',
          valid: f.validity ? f.validity.valid : true,
          message: f.validationMessage || '',
          described: described(f),
          describedBefore: descBefore[k],
          invalidEvent: invalidSeen.has(f),
          nearby: norm(nearby.join(' ')).slice(0, 300)
        });
      });
      liveRegions().forEach(function (el) {
        var t = norm(el.textContent);
        if (t && shownOrLive(el) && liveBefore.get(el) !== t) { out.live.push(t.slice(0, 300)); }
      });
      visibleTexts(region).forEach(function (t) {
        if (!before[t] && out.newText.length < 20) { out.newText.push(t.slice(0, 200)); }
      });
      // How each field looks now, blurred so its focus style is not taken
      // for an error style; focus is put back.
      var a = deepActive();
      fields.forEach(function (f, k) {
        var focused = f === a;
        if (focused) { f.blur(); }
        var now = looks(f);
        if (focused) { f.focus({ preventScroll: true }); }
        var changed = [];
        Object.keys(now).forEach(function (key) { if (now[key] !== looksBefore[k][key]) { changed.push(key); } });
        out.fields[k].restyled = changed;
        var m = marks(rowOf(f));
        out.fields[k].marks = Object.keys(m).filter(function (x) { return !marksBefore[k][x]; }).slice(0, 5);
      });
      a = deepActive();
      out.focusTag = a && a !== document.body ? (a.tagName.toLowerCase() + ' ' + norm(a.textContent).slice(0, 80)) : '';
      resolve(out);
    })();
  });

  // looks is the computed style of a field and its labels that tells an
  // error state: colours, border and outline widths, a background image.
  function looks(f) {
    var out = {};
    var props = ['border-top-color', 'border-bottom-color', 'border-left-color', 'outline-color', 'outline-style', 'background-color', 'color', 'box-shadow', 'background-image', 'border-top-width', 'border-bottom-width', 'outline-width', 'text-decoration-line'];
    var cs = getComputedStyle(f);
    props.forEach(function (p) { out[p] = cs.getPropertyValue(p); });
    Array.prototype.slice.call(f.labels || []).forEach(function (l) {
      var ls = getComputedStyle(l);
      ['color', 'font-weight', 'text-decoration-line', 'background-color'].forEach(function (p) {
        out['label:' + p] = (out['label:' + p] || '') + ls.getPropertyValue(p) + ';';
      });
    });
    return out;
  }
  // marks are the non-text cues shown in a row: images and icons (with
  // their name, "img:" when unnamed) and generated content (::before,
  // ::after) that is not empty.
  function marks(row) {
    var out = {};
    if (!row) { return out; }
    var els = row.querySelectorAll('*');
    for (var i = 0; i < els.length && i < 300; i++) {
      var el = els[i];
      if (!shown(el)) { continue; }
      var tag = el.tagName.toLowerCase();
      if (tag === 'img' || tag === 'svg' || el.getAttribute('role') === 'img') {
        var t = el.querySelector && el.querySelector('title');
        var name = el.getAttribute('alt') || el.getAttribute('aria-label') || el.getAttribute('title') || (t && t.textContent) || '';
        out['img:' + norm(name)] = true;
      }
      ['::before', '::after'].forEach(function (pe) {
        var c = getComputedStyle(el, pe).getPropertyValue('content');
        if (c && c !== 'none' && c !== 'normal' && c !== '""' && c !== "''") { out['content:' + c.slice(0, 40)] = true; }
      });
    }
    return out;
  }

  function shownOrLive(el) { return shown(el) || el.getAttribute('role') === 'alert'; }
}
