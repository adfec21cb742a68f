// Watches, during the keyboard walk, for what taking focus set off
// (WCAG 3.2.1), for audit/capture/ctxwatch.go. Installed as
// window.__granskaCtx when the walk starts. window.open is replaced by a
// recorder that opens nothing (a window opened on focus is recorded, not
// followed); focus events are counted (two in one Tab press: script moved
// focus on); dialogs that became shown are noted. take() returns, since
// the last take, [json, first element that took focus, new dialog] and
// starts again; stop() puts window.open back.
(function () {
  if (window.__granskaCtx) { window.__granskaCtx.take(); return; }
  var shown = function (el) {
    if (!el.isConnected) return false;
    if (el.localName === 'dialog' && !el.open) return false;
    var cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || el.closest('[hidden]')) return false;
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  var dialogs = function () {
    return Array.prototype.filter.call(document.querySelectorAll('dialog,[role=dialog],[role=alertdialog]'), shown);
  };
  // The element's own focus handler (focusin also on an ancestor below
  // the body): page-wide listeners are not counted as the element's.
  var handled = function (el) {
    var ft = window.__granskaFocusTargets;
    if (el.onfocus || (ft && ft.has(el))) return true;
    for (var n = el; n && n.nodeType === 1 && n !== document.body; n = n.parentNode) {
      if (n.onfocusin || (n !== el && ft && ft.has(n))) return true;
    }
    return false;
  };
  var C = { opened: [], ins: [], before: dialogs() };
  var origOpen = window.open;
  window.open = function (url) { C.opened.push(String(url == null ? '' : url)); return null; };
  // Focus events in the capture phase, on the document: they come before
  // the element's own focus handler, which may move focus on at once (the
  // browser then drops the first element's focusin).
  var onIn = function (e) { C.ins.push((e.composedPath && e.composedPath()[0]) || e.target); };
  document.addEventListener('focus', onIn, true);
  C.take = function () {
    var now = dialogs();
    var fresh = now.filter(function (d) { return C.before.indexOf(d) < 0; });
    C.before = now;
    var d = fresh[0] || null;
    var a = document.activeElement;
    var info = {
      opened: C.opened.length,
      openedURL: C.opened[0] || '',
      focusins: C.ins.length,
      modal: !!(d && (d.getAttribute('aria-modal') === 'true' || (d.localName === 'dialog' && d.matches(':modal')))),
      focusInDialog: !!(d && a && d.contains(a))
    };
    var first = C.ins[0] || null;
    info.handled = !!(first && handled(first));
    C.opened = []; C.ins = [];
    return [JSON.stringify(info), first, d];
  };
  C.stop = function () {
    window.open = origOpen;
    document.removeEventListener('focus', onIn, true);
    delete window.__granskaCtx;
  };
  window.__granskaCtx = C;
})()
