// Called on the focused element at a focus stop. Returns its box in
// viewport coordinates, how much of it other content covers, and the
// computed styles that a focus indicator changes, on the element, its
// parent and its ::before/::after. The covering element, if any, is left in
// window.__granskaCover for the caller to resolve.
(function (props) {
  var el = this;
  var win = el.ownerDocument.defaultView || window;
  // Read the end state of what focus set off (focusstates.js).
  window.__granskaFocusStates && window.__granskaFocusStates.finish(el.ownerDocument);
  var r = el.getBoundingClientRect();
  var vw = win.innerWidth, vh = win.innerHeight;
  var box = { x: r.left, y: r.top, w: r.width, h: r.height };
  var ix0 = Math.max(0, r.left), iy0 = Math.max(0, r.top);
  var ix1 = Math.min(vw, r.right), iy1 = Math.min(vh, r.bottom);
  var inView = ix1 > ix0 && iy1 > iy0;
  var hits = 0, covered = 0, cover = null;
  var deepHit = function (doc, x, y) {
    var h = doc.elementFromPoint(x, y);
    for (var g = 0; h && h.shadowRoot && g < 16; g++) {
      var inner = h.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === h) break;
      h = inner;
    }
    return h;
  };
  var composedContains = function (a, b) {
    for (var n = b; n; n = n.parentNode || n.host) { if (n === a) return true; }
    return false;
  };
  if (inView) {
    var fr = [0.15, 0.5, 0.85];
    for (var i = 0; i < 3; i++) {
      for (var j = 0; j < 3; j++) {
        var x = r.left + r.width * fr[i], y = r.top + r.height * fr[j];
        if (x < 0 || y < 0 || x >= vw || y >= vh) continue;
        hits++;
        var h = deepHit(el.ownerDocument, x, y);
        if (h && !composedContains(el, h) && !composedContains(h, el)) {
          covered++;
          if (!cover) cover = h;
        }
      }
    }
  }
  window.__granskaCover = cover;
  var read = function (cs) {
    var o = {};
    for (var k = 0; k < props.length; k++) o[props[k]] = cs.getPropertyValue(props[k]);
    return o;
  };
  var pseudo = function (which) {
    var cs = win.getComputedStyle(el, which);
    var c = cs.getPropertyValue('content');
    if (!c || c === 'none' || c === 'normal') return null;
    return read(cs);
  };
  var parent = el.parentElement;
  return {
    box: box,
    inViewport: inView,
    covered: hits ? covered / hits : 0,
    self: read(win.getComputedStyle(el)),
    parent: parent ? read(win.getComputedStyle(parent)) : null,
    before: pseudo('::before'),
    after: pseudo('::after'),
    label: window.__granskaFocusStates ? window.__granskaFocusStates.label(el, read) : null,
    scrollX: win.scrollX,
    scrollY: win.scrollY
  };
})
