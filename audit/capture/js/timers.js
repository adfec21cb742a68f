// Installed before any page script runs (with listen.js): keeps a registry
// of the page's repeating timers, setInterval and setTimeout callbacks that
// set themselves again, in window.__granskaTimers, so the motion watch
// (extras.js) can tell which text a timer replaces, and run a timer's next
// tick at once instead of waiting up to its delay. Timers run as before:
// same ids, delays and arguments; callbacks are called through a thin
// wrapper that reports before and after they run.
(function () {
  if (window.__granskaTimers) return;
  // live: id -> {id, fn, args, delay, interval, repeat, user, next}
  // before(rec), after(rec, live): hooks the motion watch sets.
  var T = { live: {}, before: null, after: null };
  try { Object.defineProperty(window, '__granskaTimers', { value: T, enumerable: false }); } catch (e) { return; }
  var W = window, si = W.setInterval, st = W.setTimeout, ci = W.clearInterval, ct = W.clearTimeout;
  var fnString = Function.prototype.toString;
  var current = null; // the timer whose callback is running
  // Timers set while the user acts (or by a timer the user started) are
  // not content that starts by itself.
  var userEvent = /^(key|mouse|pointer|touch|click|dblclick|auxclick|contextmenu|focus|blur|input|change|submit|wheel|drag|drop|select)/;
  var byUser = function () {
    if (current) return current.user;
    try { var e = W.event; return !!(e && e.isTrusted && userEvent.test(e.type)); } catch (x) { return false; }
  };
  var src = function (fn) { try { return fnString.call(fn); } catch (e) { return ''; } };
  var isLive = function (rec) { return rec.interval ? !!T.live[rec.id] : !!rec.next; };
  var run = function (rec, self) {
    var prev = current;
    current = rec;
    if (T.before) { try { T.before(rec); } catch (e) { /* the watch's own error */ } }
    try {
      return rec.fn.apply(self, rec.args);
    } finally {
      current = prev;
      if (T.after) { try { T.after(rec, isLive(rec)); } catch (e) { /* the watch's own error */ } }
    }
  };
  var same = function (w, orig) {
    try { w.toString = function () { return src(orig); }; } catch (e) { /* frozen */ }
    return w;
  };
  W.setInterval = same(function setInterval(fn, delay) {
    if (typeof fn !== 'function') return si.apply(W, arguments);
    var rec = { fn: fn, args: [].slice.call(arguments, 2), delay: Number(delay) || 0, interval: true, repeat: true, user: byUser() };
    rec.id = si.call(W, function () { return run(rec, this); }, delay);
    T.live[rec.id] = rec;
    return rec.id;
  }, si);
  W.setTimeout = same(function setTimeout(fn, delay) {
    if (typeof fn !== 'function') return st.apply(W, arguments);
    var parent = current;
    var rec = { fn: fn, args: [].slice.call(arguments, 2), delay: Number(delay) || 0, interval: false, repeat: false, user: byUser() };
    // A timeout callback that sets itself again repeats.
    if (parent && !parent.interval && (parent.fn === fn || src(parent.fn) === src(fn))) {
      rec.repeat = true;
      parent.next = rec;
    }
    rec.id = st.call(W, function () { delete T.live[rec.id]; return run(rec, this); }, delay);
    if (rec.repeat) T.live[rec.id] = rec;
    return rec.id;
  }, st);
  W.clearInterval = same(function clearInterval(id) { delete T.live[id]; return ci.apply(W, arguments); }, ci);
  W.clearTimeout = same(function clearTimeout(id) { delete T.live[id]; return ct.apply(W, arguments); }, ct);

  // tick runs a live repeating timer's callback now, as its next tick
  // would. A timeout chain's pending timeout is cancelled first, since the
  // callback sets it again. Errors are the page's and stay in the page.
  T.tick = function (id) {
    var rec = T.live[id];
    if (!rec) return;
    if (!rec.interval) {
      ct.call(W, id);
      delete T.live[id];
    }
    try { run(rec, W); } catch (e) { /* the page's error */ }
  };
})();
