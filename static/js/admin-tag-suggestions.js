/* Broadsheet admin: suggestions from existing tags while the comma-separated tags field is
 * typed (input[data-tag-suggestions], blog.admin.ArticleAdminForm). The tag being typed (the
 * text after the last comma) is looked up at the staff-only endpoint
 * (blog.admin_desk.tag_suggestions); matches are listed under the field as an ARIA combobox:
 * ↓ / ↑ move through them, Enter or a click puts the chosen tag in place of the typed one,
 * Escape closes the list. Typing on without choosing keeps whatever was typed. */
(function () {
  'use strict';

  var DELAY = 150;

  function attach(input) {
    var url = input.getAttribute('data-tag-suggestions');
    var list = document.createElement('ul');
    list.id = input.id + '_suggestions';
    list.className = 'tag-suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Existing tags');
    list.hidden = true;
    var after = input.closest('.flex-container') || input;
    after.parentNode.insertBefore(list, after.nextSibling);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');

    var timer = null;
    var request = 0;
    var active = -1;

    function current() {
      var parts = input.value.split(',');
      return parts[parts.length - 1].trim();
    }

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll('[role=option]'));
    }

    function close() {
      list.hidden = true;
      list.textContent = '';
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    function highlight(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) { option.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
      input.setAttribute('aria-activedescendant', all[active].id);
    }

    function choose(name) {
      var parts = input.value.split(',');
      parts[parts.length - 1] = (parts.length > 1 ? ' ' : '') + name;
      input.value = parts.join(',') + ', ';
      close();
      input.focus();
      input.dispatchEvent(new Event('input', {bubbles: true}));
    }

    function show(results, typed) {
      close();
      // Tags already in the field (before the one being typed) are not offered again.
      var earlier = input.value.split(',').slice(0, -1).map(function (t) {
        return t.trim().toLowerCase();
      });
      results.forEach(function (tag, i) {
        if (earlier.indexOf(tag.name.toLowerCase()) !== -1) { return; }
        var option = document.createElement('li');
        option.id = list.id + '_' + i;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.textContent = tag.name;
        option.addEventListener('mousedown', function (event) { event.preventDefault(); });
        option.addEventListener('click', function () { choose(tag.name); });
        list.appendChild(option);
      });
      if (options().length) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
    }

    function find() {
      var typed = current();
      var mine = ++request;
      if (!typed) { close(); return; }
      fetch(url + '?q=' + encodeURIComponent(typed), {
        credentials: 'same-origin', headers: {Accept: 'application/json'}
      })
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) { if (mine === request) { show(data.results || [], typed); } })
        .catch(function () { if (mine === request) { close(); } });
    }

    input.addEventListener('input', function (event) {
      if (!event.isTrusted) { return; }
      clearTimeout(timer);
      timer = setTimeout(find, DELAY);
    });
    input.addEventListener('keydown', function (event) {
      if (list.hidden) { return; }
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        highlight(active + (event.key === 'ArrowDown' ? 1 : -1));
      } else if (event.key === 'Enter' && active >= 0) {
        event.preventDefault();  // choose the tag, do not submit the form
        choose(options()[active].textContent);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', function () { window.setTimeout(close, 150); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('input[data-tag-suggestions]').forEach(attach);
  });
}());
