// Waits for the page's frames to finish loading before the snapshot, for
// audit/capture/frames.go. Called as (rounds, maxWait).
//
// A frame counts as loading while its document (same origin, so readable
// from here) is not yet "complete" or has not had its load event, or is
// still the initial about:blank of a frame whose src names another
// document. A same-origin lazy frame (loading=lazy) below the fold would
// never load in a capture that does not scroll, so it is switched to eager
// for the wait and switched back after. Each round waits
// for the loading frames' load events (maxWait ms is only a safety net);
// rounds bound the depth of frames inside frames that start loading once
// their parent has. Frames still loading at the end are left in
// window.__granskaFramesLeft for the Go side to mark as gaps. Cross-origin
// frames cannot be read from here; the capture reports them on its own.
// Returns {left, waited}.
(function (rounds, maxWait) {
  var T = window.__granskaTimers;
  var later = (T && T.own) || function (fn, ms) { return setTimeout(fn, ms); };
  var blank = function (src) {
    src = (src || '').trim();
    return src === '' || /^(about:blank$|javascript:)/i.test(src);
  };
  var frames = function (doc, out) {
    var fs = doc.querySelectorAll('iframe,frame');
    for (var i = 0; i < fs.length; i++) {
      out.push(fs[i]);
      var d = null;
      try { d = fs[i].contentDocument; } catch (e) {}
      if (d) frames(d, out);
    }
    return out;
  };
  var loading = function (f) {
    // A lazy frame left lazy (a third party's) is not expected to load.
    if ((f.getAttribute('loading') || '').toLowerCase() === 'lazy') return false;
    var d = null;
    try { d = f.contentDocument; } catch (e) { return false; }
    if (!d) return false; // cross-origin (or not rendered): not readable here
    if (d.readyState !== 'complete') return true;
    // A load stopped part-way (the page's load timed out and was stopped)
    // leaves the document "complete" without its load event.
    try {
      var nav = f.contentWindow.performance.getEntriesByType('navigation')[0];
      if (nav && nav.loadEventEnd === 0 && d.URL !== 'about:blank') return true;
    } catch (e) {}
    // The initial about:blank is "complete" before the real document comes.
    return !f.hasAttribute('srcdoc') && !blank(f.getAttribute('src')) && d.URL === 'about:blank';
  };
  // Only a same-origin frame is switched to eager: its document is
  // captured, and a third party's frame would make requests the page
  // does not make before the visitor scrolls (the consent rules read them).
  var sameOrigin = function (f) {
    try {
      var u = new URL(f.getAttribute('src') || '', f.ownerDocument.baseURI);
      return u.origin === f.ownerDocument.defaultView.location.origin;
    } catch (e) { return false; }
  };
  var lazy = [];
  var start = performance.now();
  var wait = function (fs) {
    return new Promise(function (resolve) {
      var n = fs.length, done = false;
      var one = function () { if (--n <= 0 && !done) { done = true; resolve(); } };
      fs.forEach(function (f) { f.addEventListener('load', one, { once: true }); });
      later(function () { if (!done) { done = true; resolve(); } }, Math.max(0, maxWait - (performance.now() - start)));
    });
  };
  var round = async function (k) {
    var pending = frames(document, []).filter(function (f) {
      if (f.localName === 'iframe' && (f.getAttribute('loading') || '').toLowerCase() === 'lazy' && sameOrigin(f)) {
        lazy.push(f);
        f.setAttribute('loading', 'eager');
      }
      return loading(f);
    });
    if (pending.length === 0 || k >= rounds || performance.now() - start >= maxWait) return pending;
    await wait(pending);
    return round(k + 1);
  };
  return round(0).then(function () {
    // Read again (a load event may come before readyState settles), then
    // switch the lazy frames back.
    var left = frames(document, []).filter(loading);
    lazy.forEach(function (f) { f.setAttribute('loading', 'lazy'); });
    window.__granskaFramesLeft = left;
    return { left: left.length, waited: performance.now() - start };
  });
})
