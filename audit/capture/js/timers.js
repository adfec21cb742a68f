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
  // soon: id -> delay of each pending one-shot timeout; inflight: fetch and
  // XMLHttpRequest calls not finished. Waits (settle.js, formprobe.js) use
  // them to wait for what the page has scheduled, not for a stretch of
  // wall-clock time, so a busy machine ends them in the same page state.
  var T = { live: {}, before: null, after: null, soon: {}, inflight: 0 };
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
    rec.id = st.call(W, function () { delete T.live[rec.id]; delete T.soon[rec.id]; return run(rec, this); }, delay);
    if (rec.repeat) T.live[rec.id] = rec;
    else T.soon[rec.id] = rec.delay;
    return rec.id;
  }, st);
  W.clearInterval = same(function clearInterval(id) { delete T.live[id]; return ci.apply(W, arguments); }, ci);
  W.clearTimeout = same(function clearTimeout(id) { delete T.live[id]; delete T.soon[id]; return ct.apply(W, arguments); }, ct);

  // own is the browser's setTimeout, for the capture's own waits (they
  // must not count as the page's pending work).
  T.own = function (fn, ms) { return st.call(W, fn, ms); };
  // busy reports whether the page has work scheduled that will change it
  // without anyone acting: a one-shot timeout due within ms of when it was
  // set, or a request in flight.
  T.busy = function (ms) {
    if (T.inflight > 0) return true;
    for (var id in T.soon) if (T.soon[id] <= ms) return true;
    return false;
  };
  if (typeof W.fetch === 'function') {
    var f0 = W.fetch;
    W.fetch = same(function fetch() {
      T.inflight++;
      var once = false, done = function () { if (!once) { once = true; T.inflight--; } };
      try {
        var pr = f0.apply(W, arguments);
        pr.then(done, done);
        return pr;
      } catch (e) { done(); throw e; }
    }, f0);
  }
  if (W.XMLHttpRequest && W.XMLHttpRequest.prototype && W.XMLHttpRequest.prototype.send) {
    var xp = W.XMLHttpRequest.prototype, send0 = xp.send;
    xp.send = same(function send() {
      T.inflight++;
      var once = false, done = function () { if (!once) { once = true; T.inflight--; } };
      try { this.addEventListener('loadend', done); return send0.apply(this, arguments); } catch (e) { done(); throw e; }
    }, send0);
  }

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
