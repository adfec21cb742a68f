// Returns the deepest focused element, through shadow roots and same-origin
// frames, or null when focus is on the document itself (body, html) or has
// left the page.
(function () {
  var a = document.activeElement;
  for (var guard = 0; a && guard < 32; guard++) {
    if (a.shadowRoot && a.shadowRoot.activeElement) { a = a.shadowRoot.activeElement; continue; }
    if ((a.tagName === 'IFRAME' || a.tagName === 'FRAME' || a.tagName === 'OBJECT')) {
      var d = null;
      try { d = a.contentDocument; } catch (e) { d = null; }
      if (d && d.activeElement && d.activeElement !== d.body && d.activeElement !== d.documentElement) {
        a = d.activeElement; continue;
      }
    }
    break;
  }
  if (!a || a === document.body || a === document.documentElement) return null;
  return a;
})()
