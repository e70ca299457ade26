/* Broadsheet admin: live word counts and reading times on the article form.
 *
 * Every textarea with data-word-count (the lede and each section body, blog.admin) gets a
 * line under it, "230 words · 1 min read", kept current as it is typed; the whole article's
 * total (lede plus the sections not marked for deletion) is shown above the sections. The
 * reading speed is the site's own (data-words-per-minute, from blog.models.WORDS_PER_MINUTE),
 * and minutes are rounded up as on the article page. Counts are of the text readers will
 * see: Markdown's link targets, image syntax, HTML tags and markup characters are left out
 * (the server's count, shown by the section preview, is the exact one).
 *
 * Each count is also kept in the textarea's data-words, and a "wordcount:change" event is
 * fired on it (admin-sections.js shows the count in the collapsed section's header). */
(function () {
  'use strict';

  var WORD = /[\p{L}\p{N}]/u;
  var total = null;

  function countWords(text) {
    var plain = text
      .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')        // images
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')      // links keep their text
      .replace(/<[^>]*>/g, ' ')                     // HTML tags
      .replace(/\[\^[^\]]*\]:?/g, ' ');              // footnote marks
    return plain.split(/\s+/).filter(function (token) { return WORD.test(token); }).length;
  }

  function perMinute(textarea) {
    return parseInt(textarea.getAttribute('data-words-per-minute'), 10) || 230;
  }

  function minutes(words, wpm) {
    return Math.max(1, Math.ceil(words / wpm));
  }

  function describe(words, wpm) {
    return words.toLocaleString('en') + (words === 1 ? ' word' : ' words') + ' · ' +
      minutes(words, wpm) + ' min read';
  }

  function isCounted(textarea) {
    if (textarea.closest('.empty-form')) { return false; }
    var form = textarea.closest('.inline-related');
    var deleted = form && form.querySelector('input[name$="-DELETE"]');
    return !(deleted && deleted.checked);
  }

  function updateTotal() {
    if (!total) { return; }
    var words = 0;
    var wpm = 230;
    document.querySelectorAll('textarea[data-word-count]').forEach(function (textarea) {
      if (!isCounted(textarea)) { return; }
      words += parseInt(textarea.dataset.words || '0', 10);
      wpm = perMinute(textarea);
    });
    total.querySelector('.word-total-value').textContent = describe(words, wpm);
  }

  function update(textarea) {
    var words = countWords(textarea.value);
    var line = textarea.wordCountLine;
    if (line) { line.textContent = describe(words, perMinute(textarea)); }
    if (textarea.dataset.words !== String(words)) {
      textarea.dataset.words = String(words);
      textarea.dispatchEvent(new CustomEvent('wordcount:change', {bubbles: true}));
    }
    updateTotal();
  }

  function attach(textarea) {
    if (textarea.wordCountLine || textarea.closest('.empty-form')) { return; }
    var line = document.createElement('p');
    line.className = 'word-count';
    line.id = textarea.id + '_wordcount';
    var after = textarea.closest('.flex-container') || textarea;
    after.parentNode.insertBefore(line, after.nextSibling);
    textarea.wordCountLine = line;
    textarea.addEventListener('input', function () { update(textarea); });
    update(textarea);
  }

  function addTotal() {
    var group = document.getElementById('sections-group');
    var fieldset = group && group.querySelector('fieldset');
    if (!fieldset) { return; }
    total = document.createElement('p');
    total.className = 'word-total';
    total.appendChild(document.createTextNode('Whole article (lede and sections): '));
    total.appendChild(document.createElement('strong')).className = 'word-total-value';
    var heading = fieldset.querySelector('.inline-heading');
    fieldset.insertBefore(total, heading ? heading.nextSibling : fieldset.firstChild);
  }

  function init() {
    addTotal();
    document.querySelectorAll('textarea[data-word-count]').forEach(attach);
    updateTotal();
    document.addEventListener('formset:added', function (event) {
      event.target.querySelectorAll('textarea[data-word-count]').forEach(attach);
    });
    document.addEventListener('formset:removed', updateTotal);
    document.addEventListener('change', function (event) {
      if (event.target.matches('input[name$="-DELETE"]')) { updateTotal(); }
    });
  }

  document.addEventListener('DOMContentLoaded', init);
}());
