/* Broadsheet admin, section inline: ↑/↓ buttons renumber positions 1..n (their row is hidden by
 * .js-sections in admin.css); the kind's guidance and a fitting heading placeholder are shown. */
(function () {
  'use strict';

  var PREFIX = 'sections';
  var FREE_KIND = 'Section';
  var FREE_HINT = 'Your heading (required)';
  var LABEL_HINT = 'Optional: the label alone is the heading';
  var guidance = {};
  var group = null;

  function forms() {
    return Array.prototype.filter.call(group.querySelectorAll('.inline-related'), function (form) {
      return !form.classList.contains('empty-form');
    });
  }

  function field(form, name) {
    return form.querySelector('[name^="' + PREFIX + '-"][name$="-' + name + '"]');
  }

  // Put forms in the given order, just before the empty-form template (or at the end).
  function place(list, key) {
    if (!list.length) { return; }
    var parent = list[0].parentNode;
    var anchor = group.querySelector('.empty-form') || list[list.length - 1].nextSibling;
    if (key) { list.sort(function (a, b) { return (key(a) - key(b)) || 0; }); }
    list.forEach(function (form) { parent.insertBefore(form, anchor); });
  }

  // Arrows are disabled at the ends; with renumber, positions become 1..n in page order.
  function refresh(renumber) {
    var list = forms();
    var n = 0;
    list.forEach(function (form, i) {
      var input = form.querySelector('input.section-position');
      var deleted = field(form, 'DELETE');
      if (renumber && input && !(deleted && deleted.checked)) { input.value = ++n; }
      form.querySelectorAll('.section-move').forEach(function (b) {
        b.disabled = b.classList.contains('section-move-up') ? i === 0 : i === list.length - 1;
      });
    });
  }

  function move(form, step) {
    var list = forms();
    var target = list[list.indexOf(form) + step];
    if (!target) { return; }
    form.parentNode.insertBefore(form, step < 0 ? target : target.nextSibling);
    refresh(true);
  }

  function updateKind(form) {
    var select = field(form, 'kind');
    var option = select && select.options[select.selectedIndex];
    var name = option && option.value ? option.text.trim() : '';
    var current = form.querySelector('.kind-guidance-current');
    var heading = field(form, 'heading');
    if (current) { current.hidden = !(current.textContent = guidance[name] || ''); }
    if (heading) { heading.placeholder = name === FREE_KIND ? FREE_HINT : LABEL_HINT; }
  }

  function enhance(form) {
    if (form.dataset.sectionsEnhanced) { return; }
    form.dataset.sectionsEnhanced = 'true';
    var header = form.querySelector('h3');
    var tools = document.createElement('span');
    tools.className = 'section-move-group';
    [[-1, '↑', 'up'], [1, '↓', 'down']].forEach(function (spec) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'section-move section-move-' + spec[2];
      b.textContent = spec[1];
      b.title = 'Move section ' + spec[2];
      b.setAttribute('aria-label', b.title);
      b.addEventListener('click', function () {
        move(form, spec[0]);
        (b.disabled ? tools.querySelector('button:not(:disabled)') || b : b).focus();
      });
      tools.appendChild(b);
    });
    var label = header && header.querySelector('.inline_label');
    if (header) { header.insertBefore(tools, label ? label.nextSibling : null); }
    var select = field(form, 'kind');
    var help = select && document.getElementById(select.id + '_helptext');
    if (help) {
      var full = help.querySelector('.kind-guidance');
      if (full) { full.hidden = true; }
      help.appendChild(document.createElement('p')).className = 'kind-guidance-current';
    }
    if (select) { select.addEventListener('change', function () { updateKind(form); }); }
    var deleted = field(form, 'DELETE');
    if (deleted) { deleted.addEventListener('change', function () { refresh(true); }); }
    updateKind(form);
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
    forms().forEach(enhance);
    refresh(false);

    document.addEventListener('formset:added', function (event) {
      if (!event.detail || event.detail.formsetName !== PREFIX) { return; }
      enhance(event.target.closest('.inline-related') || event.target);
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
