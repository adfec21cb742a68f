// Installed before any page script runs: records when the DOM last changed,
// so capture can wait until the page is stable.
(function () {
  if (window.__granskaObs) return;
  window.__granskaObs = { last: performance.now() };
  var touch = function () { window.__granskaObs.last = performance.now(); };
  try {
    new MutationObserver(touch).observe(document, {
      subtree: true, childList: true, attributes: true, characterData: true
    });
  } catch (e) { /* no document yet in odd contexts */ }
})();
