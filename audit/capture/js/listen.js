// Installed before any page script runs: counts the event types that
// listeners are added for (blur, focusout, keydown, ...), so the keyboard
// walk knows when to wait for script that moves focus, and rules know of
// shortcuts. Targets of key listeners are kept (weakly), so the walk knows
// where a Tab press may be handled by script. It does not change what
// listeners do.
(function () {
  if (window.__granskaEv) return;
  var ev = {};
  try { Object.defineProperty(window, '__granskaEv', { value: ev, enumerable: false }); } catch (e) { return; }
  var keyTargets = typeof WeakSet === 'function' ? new WeakSet() : null;
  try { Object.defineProperty(window, '__granskaKeyTargets', { value: keyTargets, enumerable: false }); } catch (e) { /* frozen window */ }
  // Targets of focus listeners: the walk presses a real Tab to reach them
  // and tells a change set off by their own handler (ctxwatch.js).
  var focusTargets = typeof WeakSet === 'function' ? new WeakSet() : null;
  try { Object.defineProperty(window, '__granskaFocusTargets', { value: focusTargets, enumerable: false }); } catch (e) { /* frozen window */ }
  var proto = EventTarget.prototype, orig = proto.addEventListener;
  var wrapped = function addEventListener(type) {
    try {
      ev[type] = (ev[type] || 0) + 1;
      // Blur handlers on focusable elements may pull focus back.
      if ((type === 'blur' || type === 'focusout') && this && this.nodeType === 1 && this.tabIndex >= 0) ev.__onBlur = (ev.__onBlur || 0) + 1;
      if (focusTargets && (type === 'focus' || type === 'focusin') && this && typeof this === 'object') focusTargets.add(this);
      if (keyTargets && (type === 'keydown' || type === 'keyup' || type === 'keypress') && this && typeof this === 'object') keyTargets.add(this);
    } catch (e) { /* odd type or target */ }
    return orig.apply(this, arguments);
  };
  try { wrapped.toString = function () { return orig.toString(); }; } catch (e) { /* frozen */ }
  proto.addEventListener = wrapped;
  // Script that reacts to the viewport's size in other ways than resize
  // listeners: the variants re-lay out such pages at every size
  // (extras.js clipFixed).
  var count = function (name, obj, key) {
    try {
      var f = obj[key];
      if (typeof f !== 'function') return;
      var w = function () { ev[name] = (ev[name] || 0) + 1; return new.target ? Reflect.construct(f, arguments, new.target) : f.apply(this, arguments); };
      w.prototype = f.prototype;
      try { w.toString = function () { return f.toString(); }; } catch (e) { /* frozen */ }
      obj[key] = w;
    } catch (e) { /* not writable */ }
  };
  count('__resizeObserver', window, 'ResizeObserver');
  count('__matchMedia', window, 'matchMedia');
})();
