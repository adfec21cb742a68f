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
  // Targets of blur and focusout listeners: script that acts on focus
  // leaving an element.
  var blurTargets = typeof WeakSet === 'function' ? new WeakSet() : null;
  var proto = EventTarget.prototype, orig = proto.addEventListener;
  var keyTypes = { keydown: 1, keyup: 1, keypress: 1 }, focusTypes = { focus: 1, focusin: 1, blur: 1, focusout: 1 };
  var wrapped = function addEventListener(type) {
    try {
      ev[type] = (ev[type] || 0) + 1;
      // Blur handlers on focusable elements may pull focus back.
      if ((type === 'blur' || type === 'focusout') && this && this.nodeType === 1 && this.tabIndex >= 0) ev.__onBlur = (ev.__onBlur || 0) + 1;
      if (focusTargets && (type === 'focus' || type === 'focusin') && this && typeof this === 'object') focusTargets.add(this);
      if (blurTargets && (type === 'blur' || type === 'focusout') && this && typeof this === 'object') blurTargets.add(this);
      if (keyTargets && (type === 'keydown' || type === 'keyup' || type === 'keypress') && this && typeof this === 'object') keyTargets.add(this);
      // A key or focus listener inside a shadow root: a closed root hides
      // its elements from the walk's checks (reacts below).
      if ((keyTypes[type] || focusTypes[type]) && this && this.nodeType === 1 && typeof ShadowRoot === 'function' && this.getRootNode() instanceof ShadowRoot) ev.__inShadow = (ev.__inShadow || 0) + 1;
      if ((keyTypes[type] || focusTypes[type]) && (this === window || this === document)) live.push([this, type, arguments[1], capture(arguments[2])]);
    } catch (e) { /* odd type or target */ }
    return orig.apply(this, arguments);
  };
  // Key and focus listeners on the window and the document that are still
  // there: the capture's own helpers (ctxwatch.js) add one for a while and
  // remove it. Elements are kept in the sets above once listened on.
  var live = [];
  var capture = function (o) { return typeof o === 'boolean' ? o : !!(o && o.capture); };
  var origRemove = proto.removeEventListener;
  var unwrapped = function removeEventListener(type, f, o) {
    try {
      for (var i = 0; i < live.length; i++) {
        var l = live[i];
        if (l[0] === this && l[1] === type && l[2] === f && l[3] === capture(o)) { live.splice(i, 1); break; }
      }
    } catch (e) { /* odd type or target */ }
    return origRemove.apply(this, arguments);
  };
  try { unwrapped.toString = function () { return origRemove.toString(); }; } catch (e) { /* frozen */ }
  proto.removeEventListener = unwrapped;
  try { wrapped.toString = function () { return orig.toString(); }; } catch (e) { /* frozen */ }
  proto.addEventListener = wrapped;
  // __granskaListens answers, for the revealed states' keyboard walk
  // (reveal.js), whether script may react when a key is pressed on an
  // element or focus enters or leaves it: a key, focus, focusin, blur or
  // focusout listener (or on* handler) on it, an ancestor (across shadow
  // hosts), the document or the window; a frame (its document is not
  // seen here); any such listener inside a shadow root. listen(type, f)
  // adds a capturing listener on window past the counting above, so the
  // walk's own recorder is not taken for the page's script.
  var handler = function (n, names) {
    for (var i = 0; i < names.length; i++) if (n[names[i]]) return true;
    return false;
  };
  var names = ['onkeydown', 'onkeyup', 'onkeypress', 'onfocus', 'onfocusin', 'onblur', 'onfocusout'];
  var listed = function (n) {
    if (n === window || n === document) {
      for (var i = 0; i < live.length; i++) if (live[i][0] === n) return true;
      return handler(n, names);
    }
    return (keyTargets && keyTargets.has(n)) || (focusTargets && focusTargets.has(n)) || (blurTargets && blurTargets.has(n)) || handler(n, names);
  };
  var listens = {
    reacts: function (el) {
      if (!keyTargets || !focusTargets || !blurTargets || ev.__inShadow || listed(window) || listed(document)) return true;
      for (var n = el || document.body, g = 0; n && g < 4096; n = n.parentNode || n.host, g++) {
        if (n.nodeType !== 1) continue;
        if (listed(n)) return true;
        var tag = n.localName;
        if (tag === 'iframe' || tag === 'frame' || tag === 'object' || tag === 'embed') return true;
      }
      return false;
    },
    listen: function (type, f) { orig.call(window, type, f, true); },
    unlisten: function (type, f) { origRemove.call(window, type, f, true); }
  };
  try { Object.defineProperty(window, '__granskaListens', { value: listens, enumerable: false }); } catch (e) { /* frozen window */ }
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
