(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  form.hidden = false;
  var note = document.getElementById('filters-noscript');
  if (note) note.hidden = true;
  var status = document.getElementById('filter-status');
  var groups = Array.prototype.slice.call(document.querySelectorAll('section.rule'));
  var tmpl = status.getAttribute('data-template');
  function checked(name) {
    var out = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name="' + name + '"]'), function (el) {
      out[el.value] = el.checked;
    });
    return out;
  }
  function apply() {
    var oc = checked('outcome'), imp = checked('impact');
    var q = form.querySelector('input[name="q"]').value.trim().toLowerCase();
    var shown = 0;
    groups.forEach(function (g) {
      var okOutcome = g.getAttribute('data-outcomes').split(' ').some(function (o) { return oc[o]; });
      var okImpact = imp[g.getAttribute('data-impact')] !== false;
      var okText = !q || g.getAttribute('data-text').indexOf(q) >= 0;
      var show = okOutcome && okImpact && okText;
      g.hidden = !show;
      if (show) shown++;
    });
    status.textContent = tmpl.replace('%s', shown).replace('%s', groups.length);
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  apply();
})();
