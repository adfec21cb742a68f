// Running animations and transitions: for each one that repeats without
// end or lasts more than 5 s, its target element, timing and the CSS
// properties its keyframes change ("transform:translate" for a transform
// that translates), so rules can tell movement (transform,
// position, margins, background position) from fading or recolouring.
// Returns [{duration, iterations (-1 for endless), endTime (-1 for
// endless), props}] for at most `max` animations, in the order of
// document.getAnimations(), and leaves their elements in
// window.__granskaNodes in the same order.
(function (max) {
  var out = [], nodes = [], truncated = false;
  var as = document.getAnimations ? document.getAnimations() : [];
  for (var i = 0; i < as.length; i++) {
    var a = as[i], e = a.effect;
    if (!e || !e.getComputedTiming || a.playState !== 'running') continue;
    var t = e.getComputedTiming(), el = e.target;
    if (!el) continue;
    if (el.nodeType !== 1) el = el.parentElement;
    if (!el) continue;
    var endless = t.iterations === Infinity || t.endTime === Infinity;
    if (!endless && !(t.endTime > 5000)) continue;
    if (out.length >= max) { truncated = true; break; }
    var props = {};
    try {
      var kf = e.getKeyframes ? e.getKeyframes() : [];
      for (var k = 0; k < kf.length; k++) {
        for (var p in kf[k]) {
          if (p === 'offset' || p === 'computedOffset' || p === 'easing' || p === 'composite') continue;
          props[p] = true;
          // A transform that translates moves the element; one that only
          // rotates or scales turns or pulses it in place.
          if (p === 'transform' && /translate|matrix/i.test(String(kf[k][p]))) props['transform:translate'] = true;
        }
      }
    } catch (err) { /* keyframes not readable */ }
    if (a.transitionProperty) props[a.transitionProperty] = true;
    out.push({
      duration: typeof t.duration === 'number' ? t.duration : 0,
      iterations: t.iterations === Infinity ? -1 : t.iterations,
      endTime: t.endTime === Infinity ? -1 : t.endTime,
      props: Object.keys(props).sort()
    });
    nodes.push(el);
  }
  window.__granskaNodes = nodes;
  return { items: out, truncated: truncated };
})
