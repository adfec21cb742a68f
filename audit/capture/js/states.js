// Opens what a page hides behind dialog triggers, one state at a time,
// for audit/capture/states.go. Installed as window.__granskaStates.
//
// find(max) lists up to max triggers (buttons and links that say they open
// a dialog: aria-haspopup="dialog", aria-controls or a #fragment naming a
// hidden dialog) in document order, with their dialog, and leaves them in
// window.__granskaNodes as [trigger0, dialog0, trigger1, dialog1, ...].
// open(k) focuses and clicks trigger k and reports whether its dialog is
// shown and holds focus; after(k) reports, once the caller pressed
// Escape, whether it closed and where focus went; close(k) hides it again.
(function () {
  var shown = function (el) {
    if (!el || !el.isConnected) return false;
    if (el.localName === 'dialog' && !el.open) return false;
    var cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || el.closest('[hidden]')) return false;
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  var isDialog = function (el) {
    if (!el) return false;
    var role = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
    return el.localName === 'dialog' || role === 'dialog' || role === 'alertdialog';
  };
  var dialogFor = function (t) {
    var ids = (t.getAttribute('aria-controls') || '').split(/\s+/);
    var href = t.getAttribute('href') || '';
    if (href.charAt(0) === '#' && href.length > 1) ids.push(href.slice(1));
    for (var i = 0; i < ids.length; i++) {
      var d = ids[i] && document.getElementById(ids[i]);
      if (d && isDialog(d)) return d;
      if (d) { var inner = d.querySelector('dialog,[role=dialog],[role=alertdialog]'); if (inner) return inner; }
    }
    return null;
  };
  var list = [];
  var before = null;
  var wait = function () {
    return new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(r, 30); }); }); });
  };
  var finish = function () {
    document.getAnimations().forEach(function (a) {
      if (a.constructor && a.constructor.name === 'CSSTransition' && a.playState === 'running') { try { a.finish(); } catch (e) {} }
    });
  };
  window.__granskaStates = {
    find: function (max) {
      list = [];
      var cands = document.querySelectorAll('button,a[href],[role=button],input[type=button]');
      for (var i = 0; i < cands.length && list.length < max; i++) {
        var t = cands[i];
        if (!shown(t) || t.disabled) continue;
        // A link that goes elsewhere would leave the page: not opened.
        if (t.localName === 'a' && !/^(#|javascript:)/i.test(t.getAttribute('href') || '')) continue;
        var d = dialogFor(t);
        var popup = (t.getAttribute('aria-haspopup') || '').toLowerCase() === 'dialog';
        if (!d && !popup) continue;
        if (d && shown(d)) continue;
        list.push({ t: t, d: d });
      }
      var nodes = [];
      list.forEach(function (it) { nodes.push(it.t, it.d); });
      window.__granskaNodes = nodes;
      return list.length;
    },
    open: async function (k) {
      var it = list[k];
      before = Array.prototype.filter.call(document.querySelectorAll('dialog,[role=dialog],[role=alertdialog]'), shown);
      it.t.focus();
      it.t.click();
      await wait(); finish(); await wait();
      var d = it.d && shown(it.d) ? it.d : null;
      if (!d) {
        var now = document.querySelectorAll('dialog,[role=dialog],[role=alertdialog]');
        for (var i = 0; i < now.length && !d; i++) if (shown(now[i]) && before.indexOf(now[i]) < 0) d = now[i];
      }
      it.shown = d;
      window.__granskaNodes = d ? [d] : [];
      var a = document.activeElement;
      return {
        opened: !!d,
        focusInside: !!(d && a && d.contains(a)),
        focusOnTrigger: a === it.t,
        modal: !!(d && (d.getAttribute('aria-modal') === 'true' || (d.localName === 'dialog' && d.matches(':modal'))))
      };
    },
    after: async function (k) {
      var it = list[k];
      await wait(); finish();
      var a = document.activeElement;
      return {
        closed: !shown(it.shown),
        focusReturned: a === it.t,
        focusLost: !a || a === document.body || a === document.documentElement
      };
    },
    close: async function (k) {
      var d = list[k].shown;
      if (d && shown(d)) {
        if (d.localName === 'dialog' && d.close) d.close();
        else d.style.setProperty('display', 'none', 'important');
      }
      if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
      await wait();
    }
  };
})();
