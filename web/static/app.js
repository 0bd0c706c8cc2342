// newsfind: small enhancements only; every page works without this file.
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.add('js');

  // "/" focuses the search box from anywhere but a text field.
  document.addEventListener('keydown', function (e) {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var q = document.getElementById('q');
    if (!q) return;
    e.preventDefault();
    q.focus();
    q.select();
  });

  // Facet checkboxes and the sort order submit as soon as they change.
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (!t || !t.hasAttribute || !t.hasAttribute('data-autosubmit') || !t.form) return;
    if (t.form.requestSubmit) t.form.requestSubmit(); else t.form.submit();
  });

  // On a narrow screen the filters start folded so results come first.
  var filters = document.querySelector('details.filters');
  if (filters && window.matchMedia && window.matchMedia('(max-width: 47.99em)').matches) {
    filters.open = false;
  }
})();
