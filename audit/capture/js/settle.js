// Resolves when the DOM has not changed for `quiet` ms (and web fonts are
// loaded), or after `maxWait` ms. Returns {waited, stable}.
(function (quiet, maxWait) {
  var start = performance.now();
  return new Promise(function (resolve) {
    var done = false;
    var finish = function (stable) {
      if (done) return;
      done = true;
      resolve({ waited: performance.now() - start, stable: stable });
    };
    setTimeout(function () { finish(false); }, maxWait);
    var tick = function () {
      var obs = window.__granskaObs;
      var now = performance.now();
      var since = obs ? now - obs.last : quiet;
      if (since >= quiet) { finish(true); return; }
      setTimeout(tick, Math.max(4, quiet - since));
    };
    var fonts = (document.fonts && document.fonts.ready) ? document.fonts.ready : Promise.resolve();
    fonts.then(function () { requestAnimationFrame(function () { tick(); }); }, tick);
  });
})
