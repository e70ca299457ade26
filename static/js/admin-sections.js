/* Broadsheet admin, the section inline (blog.admin.SectionInline). Progressive enhancement:
 * without this script every section is shown open and ordered by its "position" field.
 *
 * - Each section's header is a toggle (aria-expanded) that shows its kind, heading and word
 *   count; sections start collapsed except those with errors, and a new one opens alone, so
 *   a long article stays short; text a script changes (autosave's Restore) opens its
 *   section. "Open all" / "Close all" sit above the list.
 * - "+ Deep Dive", "+ Conclusion"… (one per option of the kind select, i.e. per SectionKind;
 *   Django's "Add another section" adds the generic kind) add a section of that kind
 *   through Django's own "Add another" and focus its heading.
 * - Move up / Move down buttons and Alt+↑ / Alt+↓ inside a section reorder it; positions are
 *   renumbered 1..n in page order (the position row is hidden by .js-sections in admin.css),
 *   and a status line announces the new place.
 * - The kind's guidance and a fitting heading placeholder are shown under the kind select.
 *
 * Hooks for other scripts: every section form gets data-section-form; its header
 * .section-summary; word counts come from admin-word-count.js ("wordcount:change" events on
 * textareas with data-word-count, the count in data-words). Pickers (admin-editor-tools.js)
 * and the preview (admin-section-preview.js) attach to the body textarea (.section-body). */
(function () {
  'use strict';

  var PREFIX = 'sections';
  var FREE_KIND = 'Section';
  var FREE_HINT = 'Your heading (required)';
  var LABEL_HINT = 'Optional: the label alone is the heading';
  var guidance = {};
  var group = null;
  var status = null;

  function forms() {
    return Array.prototype.filter.call(group.querySelectorAll('.inline-related'), function (form) {
      return !form.classList.contains('empty-form');
    });
  }

  function field(form, name) {
    return form.querySelector('[name^="' + PREFIX + '-"][name$="-' + name + '"]');
  }

  function isDeleted(form) {
    var deleted = field(form, 'DELETE');
    return Boolean(deleted && deleted.checked);
  }

  function kindName(form) {
    var select = field(form, 'kind');
    var option = select && select.options[select.selectedIndex];
    return option && option.value ? option.text.trim() : '';
  }

  // Put forms in the given order, just before the empty-form template (or at the end).
  function place(list, key) {
    if (!list.length) { return; }
    var parent = list[0].parentNode;
    var anchor = group.querySelector('.empty-form') || list[list.length - 1].nextSibling;
    if (key) { list.sort(function (a, b) { return (key(a) - key(b)) || 0; }); }
    list.forEach(function (form) { parent.insertBefore(form, anchor); });
  }

  // Move buttons are disabled at the ends; with renumber, positions become 1..n in page order.
  function refresh(renumber) {
    var list = forms();
    var n = 0;
    list.forEach(function (form, i) {
      var input = form.querySelector('input.section-position');
      if (renumber && input && !isDeleted(form) && input.value !== String(++n)) {
        input.value = n;
        // Let the leave-page warning and autosave know the order changed.
        input.dispatchEvent(new Event('change', {bubbles: true}));
      }
      form.querySelectorAll('.section-move').forEach(function (b) {
        b.disabled = b.classList.contains('section-move-up') ? i === 0 : i === list.length - 1;
      });
      var number = form.querySelector('.section-summary-number');
      if (number) { number.textContent = (i + 1) + '.'; }
    });
  }

  function announce(text) {
    if (!status) { return; }
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function move(form, step, keepFocus) {
    var list = forms();
    var index = list.indexOf(form);
    var target = list[index + step];
    if (!target) { return false; }
    var focused = document.activeElement;
    form.parentNode.insertBefore(form, step < 0 ? target : target.nextSibling);
    refresh(true);
    if (keepFocus && focused && form.contains(focused)) { focused.focus(); }
    announce((kindName(form) || 'Section') + ' moved to position ' + (index + step + 1) +
      ' of ' + list.length + '.');
    return true;
  }

  function summaryText(form) {
    var heading = field(form, 'heading');
    return (heading && heading.value.trim()) || '';
  }

  function updateSummary(form) {
    var summary = form.querySelector('.section-summary');
    if (!summary) { return; }
    summary.querySelector('.section-summary-kind').textContent = kindName(form) || 'No kind chosen';
    var own = summaryText(form);
    var heading = summary.querySelector('.section-summary-heading');
    heading.textContent = own || (kindName(form) === FREE_KIND ? 'heading needed' : 'no own heading');
    heading.classList.toggle('is-empty', !own);
    var body = field(form, 'body');
    var words = body && body.dataset.words ? body.dataset.words : '';
    var count = summary.querySelector('.section-summary-count');
    count.textContent = words ? words + (words === '1' ? ' word' : ' words') : '';
  }

  function updateKind(form) {
    var name = kindName(form);
    var current = form.querySelector('.kind-guidance-current');
    var heading = field(form, 'heading');
    if (current) { current.hidden = !(current.textContent = guidance[name] || ''); }
    if (heading) { heading.placeholder = name === FREE_KIND ? FREE_HINT : LABEL_HINT; }
    updateSummary(form);
  }

  function setOpen(form, open) {
    form.classList.toggle('is-collapsed', !open);
    var toggle = form.querySelector('.section-toggle');
    if (toggle) { toggle.setAttribute('aria-expanded', open ? 'true' : 'false'); }
  }

  function hasErrors(form) {
    return Boolean(form.querySelector('.errorlist, .errors'));
  }

  // The one section being written stays open; the others close (those with errors stay open).
  function openAlone(form) {
    forms().forEach(function (other) { setOpen(other, other === form || hasErrors(other)); });
  }

  function button(className, text, label) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = className;
    b.textContent = text;
    if (label) { b.setAttribute('aria-label', label); }
    return b;
  }

  function enhance(form) {
    if (form.dataset.sectionForm) { return; }
    form.dataset.sectionForm = 'true';
    var header = form.querySelector('h3');
    if (header) {
      header.classList.add('section-header');
      var toggle = button('section-toggle', '');
      toggle.setAttribute('aria-expanded', 'true');
      var summary = document.createElement('span');
      summary.className = 'section-summary';
      ['number', 'kind', 'heading', 'count'].forEach(function (part) {
        summary.appendChild(document.createElement('span')).className = 'section-summary-' + part;
      });
      toggle.appendChild(summary);
      toggle.addEventListener('click', function () {
        setOpen(form, form.classList.contains('is-collapsed'));
      });
      header.insertBefore(toggle, header.firstChild);
      var tools = document.createElement('span');
      tools.className = 'section-move-group';
      tools.setAttribute('role', 'group');
      tools.setAttribute('aria-label', 'Reorder');
      [[-1, 'Move up', 'up', '↑'], [1, 'Move down', 'down', '↓']].forEach(function (spec) {
        var b = button('section-move section-move-' + spec[2], spec[3] + ' ' + spec[1]);
        b.title = spec[1] + ' (Alt+' + spec[3] + ' inside the section)';
        b.addEventListener('click', function () {
          move(form, spec[0], false);
          (b.disabled ? tools.querySelector('button:not(:disabled)') || b : b).focus();
        });
        tools.appendChild(b);
      });
      header.insertBefore(tools, toggle.nextSibling);
    }
    var select = field(form, 'kind');
    var help = select && document.getElementById(select.id + '_helptext');
    if (help) {
      var full = help.querySelector('.kind-guidance');
      if (full) { full.hidden = true; }
      help.appendChild(document.createElement('p')).className = 'kind-guidance-current';
    }
    if (select) { select.addEventListener('change', function () { updateKind(form); }); }
    var heading = field(form, 'heading');
    if (heading) { heading.addEventListener('input', function () { updateSummary(form); }); }
    var body = field(form, 'body');
    if (body) { body.addEventListener('wordcount:change', function () { updateSummary(form); }); }
    var deleted = field(form, 'DELETE');
    if (deleted) { deleted.addEventListener('change', function () { refresh(true); }); }
    updateKind(form);
  }

  function addSection(kindValue) {
    var add = group.querySelector('.add-row a');
    if (!add) { return; }
    add.click();  // Django's inlines.js adds the form and fires "formset:added"
    var list = forms();
    var form = list[list.length - 1];
    var select = field(form, 'kind');
    if (select) {
      select.value = kindValue;
      select.dispatchEvent(new Event('change', {bubbles: true}));
    }
    openAlone(form);
    var heading = field(form, 'heading');
    if (heading) { heading.focus(); }
    announce('New ' + (kindName(form) || 'section') + ' added as section ' + list.length + '.');
  }

  function addButtons() {
    var template = group.querySelector('.empty-form');
    var select = template && field(template, 'kind');
    if (!select) { return; }
    // Django's "Add another section" adds the kind the template starts with (the generic
    // one); each other kind gets its own button. Appended at the end of the inline's
    // fieldset: inlines.js puts its "Add another" link right after the template, so the
    // buttons follow it whichever script runs first.
    var bar = document.createElement('div');
    bar.className = 'section-add-bar';
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', 'Add a section of a kind');
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value || option.value === select.value) { return; }
      var b = button('button section-add', '+ ' + option.text.trim());
      b.dataset.kind = option.value;
      b.addEventListener('click', function () { addSection(option.value); });
      bar.appendChild(b);
    });
    (template.parentNode || group).appendChild(bar);
  }

  function openCloseAll() {
    var bar = document.createElement('div');
    bar.className = 'section-view-bar';
    var open = button('section-open-all', 'Open all sections');
    var close = button('section-close-all', 'Close all sections');
    open.addEventListener('click', function () { forms().forEach(function (f) { setOpen(f, true); }); });
    close.addEventListener('click', function () {
      forms().forEach(function (f) { setOpen(f, hasErrors(f)); });
    });
    bar.appendChild(open);
    bar.appendChild(close);
    status = document.createElement('p');
    status.className = 'section-status';
    status.setAttribute('role', 'status');
    bar.appendChild(status);
    var heading = group.querySelector('.inline-heading');
    var fieldset = group.querySelector('fieldset');
    if (heading && heading.parentNode === fieldset) {
      fieldset.insertBefore(bar, heading.nextSibling);
    } else if (fieldset) {
      fieldset.insertBefore(bar, fieldset.firstChild);
    }
  }

  function onKey(event) {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) { return; }
    if (event.target.tagName === 'SELECT') { return; }  // Alt+↓ opens a select's list
    var form = event.target.closest('.inline-related[data-section-form]');
    if (!form) { return; }
    event.preventDefault();
    move(form, event.key === 'ArrowUp' ? -1 : 1, true);
  }

  function init() {
    group = document.getElementById(PREFIX + '-group');
    if (!group) { return; }
    var source = group.querySelector('.kind-guidance');
    (source ? source.textContent : '').split(' · ').forEach(function (item) {
      var cut = item.indexOf(': ');
      if (cut > 0) { guidance[item.slice(0, cut).trim()] = item.slice(cut + 2).trim(); }
    });
    group.classList.add('js-sections');
    // After a failed save the forms come back in formset order: show them in reading order.
    place(forms(), function (form) {
      var value = parseInt((form.querySelector('input.section-position') || {}).value, 10);
      return isNaN(value) ? Infinity : value;
    });
    openCloseAll();
    forms().forEach(enhance);
    forms().forEach(function (form) { setOpen(form, hasErrors(form) || forms().length === 1); });
    addButtons();
    refresh(false);
    group.addEventListener('keydown', onKey);
    // Text changed by a script in a closed section (autosave's "Restore") opens it, so what
    // came back is in view. People cannot type into a closed section, and reordering only
    // fires "change" on the position fields.
    group.addEventListener('input', function (event) {
      var form = event.target.closest('.inline-related[data-section-form]');
      if (form && form.classList.contains('is-collapsed')) { setOpen(form, true); }
    });

    document.addEventListener('formset:added', function (event) {
      if (!event.detail || event.detail.formsetName !== PREFIX) { return; }
      var form = event.target.closest('.inline-related') || event.target;
      enhance(form);
      openAlone(form);
      refresh(true);
    });
    // Removing an unsaved form makes Django rename every form's fields in page order, which
    // must then be formset order (saved forms first): restore it for that click only.
    var reading = null;
    document.addEventListener('click', function (event) {
      if (!event.target.closest('#' + PREFIX + '-group .inline-deletelink')) { return; }
      reading = forms();
      place(forms(), function (form) { return parseInt(form.id.split('-').pop(), 10); });
    }, true);
    document.addEventListener('click', function () {
      if (!reading) { return; }
      place(reading.filter(function (form) { return form.isConnected; }));
      reading = null;
      refresh(true);
    });
  }

  document.addEventListener('DOMContentLoaded', init);
}());
