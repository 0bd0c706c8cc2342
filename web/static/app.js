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

  // On a narrow screen the filters and the terms start folded so results
  // come first.
  var narrow = window.matchMedia && window.matchMedia('(max-width: 47.99em)').matches;
  var filters = document.querySelector('details.filters');
  if (filters && narrow) {
    filters.open = false;
  }

  // The terms panel loads after the results: counting terms costs more
  // than the search, and the results should not wait for it. Without
  // this script the panel is a link to the same table.
  var panel = document.querySelector('[data-terms]');
  if (panel && narrow) panel.open = false;
  if (panel && window.fetch && window.DOMParser) {
    var body = panel.querySelector('.terms-body');
    body.setAttribute('aria-busy', 'true');
    fetch(panel.getAttribute('data-terms'), { headers: { Accept: 'text/html' } }).then(function (r) {
      if (!r.ok) throw new Error('terms: ' + r.status);
      return r.text();
    }).then(function (html) {
      var got = new DOMParser().parseFromString(html, 'text/html').getElementById('terms-body');
      if (got) body.replaceWith(document.importNode(got, true));
    }).catch(function () {
      body.removeAttribute('aria-busy'); // the link stays
    });
  }
})();
