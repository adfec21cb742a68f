// Generated content: the text that CSS ::before and ::after rules insert
// (content: "…", attr(), counters), which the DOM snapshot shows only as an
// empty pseudo-element node. Returns [{pseudo, content, text}] for the
// first `max` elements that have any, in document order, and leaves the
// elements in window.__granskaNodes in the same order. `limit` bounds the
// elements looked at; truncated says whether it cut the walk short.
(function (max, limit) {
  var out = [], nodes = [], seen = 0, truncated = false;
  var unquote = function (v) {
    // The quoted strings of a computed content value, decoded; a
    // counter() or counters() stands as "#" (attr() is added by the
    // caller, quotes and images insert no text).
    var s = '', re = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(counters?\([^)]*\))|(attr\([^)]*\))/g, m;
    while ((m = re.exec(v))) {
      var q = m[1] !== undefined ? m[1] : m[2];
      if (q !== undefined) {
        s += q.replace(/\\([0-9a-fA-F]{1,6})\s?/g, function (_, h) { return String.fromCodePoint(parseInt(h, 16)); }).replace(/\\(.)/g, '$1');
      } else if (m[3]) {
        s += '#';
      }
    }
    return s;
  };
  var walk = document.createTreeWalker(document.documentElement || document, NodeFilter.SHOW_ELEMENT);
  for (var el = walk.currentNode; el; el = walk.nextNode()) {
    if (el.nodeType !== 1) continue;
    if (++seen > limit) { truncated = true; break; }
    var pair = ['::before', '::after'];
    for (var k = 0; k < 2; k++) {
      var cs = getComputedStyle(el, pair[k]);
      var v = cs && cs.content;
      if (!v || v === 'none' || v === 'normal' || v === '""' || v === "''") continue;
      if (cs.display === 'none') continue;
      var text = unquote(v);
      var aOut = /attr\(([^)]*)\)/.exec(v);
      if (aOut) text += el.getAttribute(aOut[1].trim()) || '';
      if (!text.trim()) continue;
      if (out.length >= max) { truncated = true; break; }
      out.push({ pseudo: pair[k], content: v.length > 200 ? v.slice(0, 200) : v, text: text.slice(0, 200) });
      nodes.push(el);
    }
  }
  window.__granskaNodes = nodes;
  return { items: out, truncated: truncated };
})
