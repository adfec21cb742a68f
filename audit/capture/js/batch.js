// The keyboard walk's fast path. Where no script listens for keys on the
// way, a Tab press moves focus to the next element of the sequential focus
// order and nothing else happens; focusing that element by script does the
// same at a tenth of the cost. more() keeps the main document's focusable
// elements (light DOM) that follow the focused one and returns them, so the
// walk can match them to the capture; run() focuses the ones named, in
// order, measuring
// each like a Tab stop (stop.js), and stops early where a real key press
// is needed.
(function () {
  var X = window.__granskaWalk = window.__granskaWalk || {};
  // more keeps up to `limit` focusable elements that follow the focused
  // one in document order (light DOM of this document) and are not kept
  // yet, and returns [index of the first, elements...]: the walk matches
  // them to the capture by backend node id.
  X.more = function (limit) {
    X.cands = X.cands || [];
    X.known = X.known || new Map();
    var a = document.activeElement;
    var w = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT);
    if (a && a !== document.body && a.ownerDocument === document) w.currentNode = a;
    var out = [X.cands.length];
    while (out.length <= limit && w.nextNode()) {
      var e = w.currentNode;
      if ((e.tabIndex >= 0 || e.isContentEditable) && !X.known.has(e)) {
        X.known.set(e, X.cands.length);
        X.cands.push(e);
        out.push(e);
      }
    }
    return out;
  };
  var keyAttr = function (n) {
    return !!(n.onkeydown || n.onkeyup || n.onkeypress);
  };
  // Whether script may act on a Tab pressed while el has focus: a key
  // listener on it, an ancestor, the document or the window.
  X.keyed = function (el) {
    var kt = window.__granskaKeyTargets;
    if (!kt) return true;
    if (kt.has(window) || kt.has(document) || keyAttr(window) || keyAttr(document)) return true;
    for (var n = el; n; n = n.parentNode || n.host) {
      if (n.nodeType === 1 && (kt.has(n) || keyAttr(n))) return true;
    }
    return false;
  };
  // Whether script acts on el taking focus (a focus listener on it, a
  // focusin listener on it or an ancestor): a real Tab press reaches it,
  // so the walk sees what the handler does (ctxwatch.js).
  X.focused = function (el) {
    var ft = window.__granskaFocusTargets;
    if (!ft) return true;
    if (el.onfocus || ft.has(el)) return true;
    for (var n = el; n && n.nodeType === 1; n = n.parentNode) {
      if (n.onfocusin || (n !== el && ft.has(n))) return true;
    }
    return false;
  };
  var deepActive = function () {
    var a = document.activeElement;
    for (var g = 0; a && a.shadowRoot && a.shadowRoot.activeElement && g < 32; g++) a = a.shadowRoot.activeElement;
    return a;
  };
  // run focuses X.cands[idx[k]] in turn (the caller bounds idx; no clock
  // decides how far it goes). Returns [status, json, cover, json, cover, ...]
  // with status "done", "key" (a real Tab is needed from the current
  // element) or "moved" (focus did not land where asked: script or the
  // browser decided otherwise).
  X.run = function (idx, props, measure) {
    var out = ['done'];
    for (var k = 0; k < idx.length; k++) {
      var cur = deepActive();
      var el = X.cands[idx[k]];
      if (!el || !el.isConnected) { out[0] = 'moved'; break; }
      // A key listener where the Tab is pressed (keydown) or where it
      // lands (keyup): a real key press is needed.
      if ((cur && cur !== document.body && X.keyed(cur)) || X.keyed(el) || X.focused(el)) { out[0] = 'key'; break; }
      el.focus();
      if (deepActive() !== el) {
        // Focus went elsewhere: put it back where the walk was.
        if (cur && cur.focus) cur.focus();
        out[0] = 'moved';
        break;
      }
      var info = measure.call(el, props);
      out.push(JSON.stringify(info), window.__granskaCover || null);
    }
    return out;
  };
})();
