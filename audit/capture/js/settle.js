// Resolves when the page is settled: web fonts loaded, no one-shot timeout
// due within `soonMs` (as set) and no request in flight (timers.js), and the
// DOM unchanged for `quiet` ms. What the page has scheduled decides, not
// the clock, so a busy machine waits longer for the same state. `maxWait`
// ms is only a safety net: when it runs out, stable is false and the
// capture records a timeout gap. Returns {waited, stable}.
(function (quiet, maxWait, soonMs) {
  var start = performance.now();
  var T = window.__granskaTimers;
  var later = (T && T.own) || function (fn, ms) { return setTimeout(fn, ms); };
  return new Promise(function (resolve) {
    var done = false;
    var finish = function (stable) {
      if (done) return;
      done = true;
      resolve({ waited: performance.now() - start, stable: stable });
    };
    later(function () { finish(false); }, maxWait);
    var tick = function () {
      if (T && T.busy(soonMs)) { later(tick, Math.max(4, quiet)); return; }
      var obs = window.__granskaObs;
      var now = performance.now();
      var since = obs ? now - obs.last : quiet;
      if (since >= quiet) { finish(true); return; }
      later(tick, Math.max(4, quiet - since));
    };
    var fonts = (document.fonts && document.fonts.ready) ? document.fonts.ready : Promise.resolve();
    fonts.then(function () { requestAnimationFrame(function () { tick(); }); }, tick);
  });
})
