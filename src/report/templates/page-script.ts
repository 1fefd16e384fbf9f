/**
 * The report's only script, inlined and allowed by its hash in the page's CSP. It filters
 * (regressions, flaky, suite, variant, outcome, text) and paginates the case rows by their
 * escaped data attributes and text; it never reads data into HTML. Without it every case is
 * listed and readable. It must not contain `{{`, backticks or backslashes (it is spliced
 * into a TypeScript template string and a Handlebars template verbatim).
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var PAGE = 100;
  var byId = function (id) { return document.getElementById(id); };
  var list = byId('cases');
  var form = byId('filters');
  if (!list || !form) return;
  var rows = Array.prototype.slice.call(list.querySelectorAll('details.case'));
  var f = {
    reg: byId('f-reg'), flaky: byId('f-flaky'), suite: byId('f-suite'), variant: byId('f-variant'),
    outcome: byId('f-outcome'), q: byId('f-q')
  };
  var count = byId('f-count');
  var prev = byId('f-prev');
  var next = byId('f-next');
  var texts = null;
  var hits = [];
  var page = 0;
  var timer = 0;

  function matches(el, i, words) {
    var d = el.dataset;
    if (f.reg.checked && d.c !== 'regression') return false;
    if (f.flaky.checked && d.f !== '1') return false;
    if (f.suite.value && d.s !== f.suite.value) return false;
    if (f.variant.value && d.v !== f.variant.value) return false;
    if (f.outcome.value && d.o !== f.outcome.value) return false;
    for (var w = 0; w < words.length; w++) if (texts[i].indexOf(words[w]) < 0) return false;
    return true;
  }

  function filter() {
    var words = f.q.value.toLowerCase().split(' ').filter(Boolean);
    if (words.length && !texts) texts = rows.map(function (el) { return el.textContent.toLowerCase(); });
    hits = [];
    for (var i = 0; i < rows.length; i++) if (matches(rows[i], i, words)) hits.push(i);
  }

  function show() {
    var pages = Math.max(1, Math.ceil(hits.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    var from = page * PAGE;
    var visible = new Set(hits.slice(from, from + PAGE));
    for (var i = 0; i < rows.length; i++) rows[i].hidden = !visible.has(i);
    count.textContent = hits.length
      ? 'Showing ' + (from + 1) + '–' + Math.min(from + PAGE, hits.length) + ' of ' + hits.length + ' matching cases (' + rows.length + ' in all) · page ' + (page + 1) + ' of ' + pages
      : 'No case matches (' + rows.length + ' in all)';
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  function apply() { filter(); page = 0; show(); }

  function reset() {
    f.reg.checked = false; f.flaky.checked = false;
    f.suite.value = ''; f.variant.value = ''; f.outcome.value = ''; f.q.value = '';
  }

  function reveal() {
    var el = location.hash.length > 1 ? byId(location.hash.slice(1)) : null;
    var i = el ? rows.indexOf(el) : -1;
    if (i < 0) return;
    if (hits.indexOf(i) < 0) { reset(); filter(); }
    page = Math.floor(hits.indexOf(i) / PAGE);
    show();
    el.open = true;
    el.scrollIntoView();
  }

  function toggleAll(open) {
    for (var i = 0; i < rows.length; i++) if (!rows[i].hidden) rows[i].open = open;
  }

  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.addEventListener('change', function (e) { if (e.target !== f.q) apply(); });
  f.q.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
  prev.addEventListener('click', function () { page--; show(); list.scrollIntoView(); });
  next.addEventListener('click', function () { page++; show(); list.scrollIntoView(); });
  byId('f-open').addEventListener('click', function () { toggleAll(true); });
  byId('f-close').addEventListener('click', function () { toggleAll(false); });
  window.addEventListener('hashchange', reveal);
  document.addEventListener('keydown', function (e) {
    if (e.key === '/' && document.activeElement !== f.q) { e.preventDefault(); f.q.focus(); }
  });
  form.hidden = false;
  apply();
  reveal();
})();
`
