// Helpers for the focus stop reader (stop.js): installed on window as
// __granskaFocusStates before the walk.
//
// finish(doc) jumps every running CSS transition of the document to its
// end: a focus ring that fades or grows in over 200 ms would otherwise be
// read half-drawn, and its contrast measured against a colour it never
// keeps. Animations (keyframes, possibly endless) are left alone.
//
// label(el, read) returns the computed styles (read) of the element that
// labels el, when it is not el's parent (the parent is read already): the
// first of el.labels, else the first element aria-labelledby names. A
// custom checkbox often hides its input and shows focus on its label.
(function () {
  var isTransition = function (a) {
    return a && a.constructor && a.constructor.name === 'CSSTransition';
  };
  window.__granskaFocusStates = {
    finish: function (doc) {
      if (!doc || !doc.getAnimations) return;
      var list = doc.getAnimations();
      for (var i = 0; i < list.length; i++) {
        if (isTransition(list[i]) && list[i].playState === 'running') {
          try { list[i].finish(); } catch (e) { /* an endless one cannot finish */ }
        }
      }
    },
    label: function (el, read) {
      var lab = null;
      if (el.labels && el.labels.length) lab = el.labels[0];
      if (!lab && el.getAttribute) {
        var ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/);
        var root = el.getRootNode ? el.getRootNode() : el.ownerDocument;
        for (var k = 0; k < ids.length && !lab; k++) {
          if (ids[k] && root.getElementById) lab = root.getElementById(ids[k]);
        }
      }
      if (!lab || lab === el.parentElement || lab === el || lab.contains(el)) return null;
      var win = el.ownerDocument.defaultView || window;
      return read(win.getComputedStyle(lab));
    }
  };
})();
