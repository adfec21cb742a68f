// Shared helpers of the widget pages (the team's own code): key maps,
// roving tabindex and aria-activedescendant focus for composite widgets.
'use strict';
var W = {
  // onKeys calls map[key](event) on keydown; a handler that does not
  // return false has its key's default prevented.
  onKeys: function (el, map) {
    el.addEventListener('keydown', function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      var f = map[e.key];
      if (f && f(e) !== false) e.preventDefault();
    });
  },
  // step returns the index reached from i by d in a list of n, wrapping
  // when wrap is set, else stopping at the ends.
  step: function (i, d, n, wrap) {
    var j = i + d;
    if (wrap) return (j + n) % n;
    return Math.max(0, Math.min(n - 1, j));
  },
  // roving makes items one Tab stop: the current one has tabindex 0, the
  // others -1; prev/next keys (by orientation), Home and End move focus.
  // opts.onMove(item) runs after focus moved (automatic activation).
  roving: function (items, opts) {
    opts = opts || {};
    var o = opts.orientation || 'both';
    var cur = Math.max(0, items.findIndex(function (it) { return it.tabIndex === 0; }));
    function go(j) {
      items[cur].tabIndex = -1; cur = j; items[cur].tabIndex = 0; items[cur].focus();
      if (opts.onMove) opts.onMove(items[cur], cur);
    }
    items.forEach(function (it, k) {
      it.tabIndex = k === cur ? 0 : -1;
      it.addEventListener('click', function () { go(k); });
      var map = { Home: function () { go(0); }, End: function () { go(items.length - 1); } };
      var prev = function () { go(W.step(cur, -1, items.length, opts.wrap !== false)); };
      var next = function () { go(W.step(cur, 1, items.length, opts.wrap !== false)); };
      if (o !== 'vertical') { map.ArrowLeft = prev; map.ArrowRight = next; }
      if (o !== 'horizontal') { map.ArrowUp = prev; map.ArrowDown = next; }
      W.onKeys(it, map);
    });
    return { current: function () { return items[cur]; }, go: go };
  },
  // tree wires the keyboard of a tree view: Up and Down move through the
  // visible items, Right opens an item or enters its group, Left closes it
  // or goes to its parent, Home and End, Enter and Space open or follow.
  tree: function (tree) {
    function visible() { return Array.from(tree.querySelectorAll('[role="treeitem"]')).filter(function (x) { return x.offsetParent !== null; }); }
    function group(x) { return x.querySelector(':scope > [role="group"]'); }
    var cur = tree.querySelector('[role="treeitem"]');
    tree.querySelectorAll('[role="treeitem"]').forEach(function (x) { x.tabIndex = x === cur ? 0 : -1; });
    function go(x) { if (!x) return; cur.tabIndex = -1; cur = x; cur.tabIndex = 0; cur.focus(); }
    function expand(x, on) { var g = group(x); if (!g) return; x.setAttribute('aria-expanded', String(on)); g.hidden = !on; }
    tree.addEventListener('keydown', function (e) {
      var x = e.target.closest('[role="treeitem"]'); if (!x || e.altKey || e.ctrlKey || e.metaKey) return;
      var vis = visible(), i = vis.indexOf(x), g = group(x), done = true;
      switch (e.key) {
        case 'ArrowDown': go(vis[i + 1]); break;
        case 'ArrowUp': go(vis[i - 1]); break;
        case 'Home': go(vis[0]); break;
        case 'End': go(vis[vis.length - 1]); break;
        case 'ArrowRight': if (g && x.getAttribute('aria-expanded') !== 'true') expand(x, true); else if (g) go(g.querySelector('[role="treeitem"]')); break;
        case 'ArrowLeft': if (g && x.getAttribute('aria-expanded') === 'true') expand(x, false); else go(x.parentElement.closest('[role="treeitem"]')); break;
        case 'Enter': case ' ': if (g) expand(x, x.getAttribute('aria-expanded') !== 'true'); else if (x.querySelector('a')) x.querySelector('a').click(); else done = false; break;
        default: done = false;
      }
      if (done) e.preventDefault();
    });
    tree.addEventListener('click', function (e) { var x = e.target.closest('[role="treeitem"]'); if (!x) return; if (group(x) && e.target.closest('.tw') ) expand(x, x.getAttribute('aria-expanded') !== 'true'); go(x); });
  },
  // selectFollows wires a single-select listbox whose selection follows
  // its active descendant.
  selectFollows: function (lb) {
    var items = Array.from(lb.querySelectorAll('[role="option"], li'));
    return W.activeDescendant(lb, items, { onMove: function (it) { items.forEach(function (o) { o.setAttribute('aria-selected', String(o === it)); }); } });
  },
  // activeDescendant keeps focus on host and moves a visual cursor over
  // items with aria-activedescendant; items need ids.
  activeDescendant: function (host, items, opts) {
    opts = opts || {};
    var cur = 0;
    function set(j) {
      items[cur].classList.remove('active-item');
      cur = j;
      items[cur].classList.add('active-item');
      host.setAttribute('aria-activedescendant', items[cur].id);
      items[cur].scrollIntoView({ block: 'nearest' });
      if (opts.onMove) opts.onMove(items[cur], cur);
    }
    items.forEach(function (it, k) { it.addEventListener('click', function () { set(k); if (opts.onPick) opts.onPick(it, k); }); });
    var map = {
      Home: function () { set(0); }, End: function () { set(items.length - 1); },
      ArrowUp: function () { set(W.step(cur, -1, items.length, false)); },
      ArrowDown: function () { set(W.step(cur, 1, items.length, false)); }
    };
    if (opts.horizontal) { map.ArrowLeft = map.ArrowUp; map.ArrowRight = map.ArrowDown; }
    if (opts.onPick) { map.Enter = map[' '] = function () { opts.onPick(items[cur], cur); }; }
    W.onKeys(host, map);
    host.addEventListener('focus', function () { set(cur); });
    return { set: set, current: function () { return items[cur]; } };
  }
};
