// Filter box above long checkbox lists in the admin (cms/widgets.py).
// A choice stays when every typed word, folded (no marks, đ as d) and
// without punctuation, is part of its data-search key; ticked ones stay.
(function () {
  'use strict';

  function fold(text) {
    return text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase();
  }

  function words(text) {
    return fold(text)
      .split(/\s+/)
      .map(function (word) { return word.replace(/[^a-z0-9]/g, ''); })
      .filter(Boolean);
  }

  function setUp(box) {
    if (box.dataset.filterReady) return;
    box.dataset.filterReady = '1';
    var filter = box.querySelector('.filterable-choices__filter');
    var empty = box.querySelector('.filterable-choices__empty');
    var inputs = Array.prototype.slice.call(box.querySelectorAll('input[data-search]'));
    filter.hidden = false;
    filter.addEventListener('input', function () {
      var wanted = words(filter.value);
      var shown = 0;
      inputs.forEach(function (input) {
        var key = input.dataset.search;
        var match = input.checked || wanted.every(function (w) { return key.indexOf(w) !== -1; });
        var row = input.closest('div') || input.parentNode;
        row.hidden = !match;
        if (match) shown += 1;
      });
      empty.hidden = shown > 0;
    });
    filter.addEventListener('keydown', function (event) {
      // Enter in the filter must not submit the page form.
      if (event.key === 'Enter') event.preventDefault();
    });
  }

  function setUpAll(root) {
    (root || document).querySelectorAll('[data-filterable-choices]').forEach(setUp);
  }

  document.addEventListener('DOMContentLoaded', function () { setUpAll(); });
  // Panels rendered later (tabs are in the page; modals are not used here).
  document.addEventListener('w-formset:added', function (e) { setUpAll(e.target); });
})();
