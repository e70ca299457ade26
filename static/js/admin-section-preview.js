/* Broadsheet admin: "Preview" beside a section's text.
 *
 * Each section body (textarea[data-preview-url], blog.admin.SectionForm) gets a "Preview"
 * button. Pressed, it POSTs the section's kind, heading and text (with the form's CSRF token)
 * to the staff-only endpoint (blog.admin_desk.section_preview), which renders them with the
 * site's one renderer and the kind's block template; the answer — sanitised HTML, exactly as
 * the article page shows it — appears in a panel beside the text, with the server's word
 * count and any problem that would stop the save. While the panel is open it follows the
 * text (a second after typing stops). "Hide preview" closes it. */
(function () {
  'use strict';

  var DELAY = 1000;

  function field(form, name) {
    return form.querySelector('[name$="-' + name + '"]');
  }

  function csrfToken() {
    var input = document.querySelector('#article_form [name=csrfmiddlewaretoken]') ||
      document.querySelector('[name=csrfmiddlewaretoken]');
    return input ? input.value : '';
  }

  function render(state) {
    var form = state.textarea.closest('.inline-related');
    var data = new FormData();
    data.append('csrfmiddlewaretoken', csrfToken());
    data.append('body', state.textarea.value);
    ['kind', 'heading', 'article'].forEach(function (name) {
      var input = form && field(form, name);
      data.append(name, input ? input.value : '');
    });
    var slug = document.getElementById('id_slug');
    data.append('slug', slug ? slug.value : '');
    var request = ++state.request;
    state.status.textContent = 'Rendering…';
    fetch(state.textarea.getAttribute('data-preview-url'), {
      method: 'POST',
      body: data,
      credentials: 'same-origin',
      headers: {Accept: 'application/json', 'X-CSRFToken': csrfToken()}
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) { throw new Error(answer.error || 'The preview failed.'); }
          return answer;
        }, function () { throw new Error('The preview failed (' + response.status + ').'); });
      })
      .then(function (answer) {
        if (request !== state.request) { return; }
        // Sanitised by the server's renderer (blog.markup), as on the public page.
        state.output.innerHTML = answer.html;
        var text = answer.words + (answer.words === 1 ? ' word' : ' words') + ' · ' +
          answer.minutes + ' min read, as readers will count it.';
        if (answer.problems && answer.problems.length) {
          text += ' To fix before saving: ' + answer.problems.join(' ');
        }
        state.status.textContent = text;
      })
      .catch(function (error) {
        if (request === state.request) { state.status.textContent = error.message; }
      });
  }

  function setOpen(state, open) {
    state.open = open;
    state.panel.hidden = !open;
    state.row.classList.toggle('is-previewing', open);
    state.button.textContent = open ? 'Hide preview' : 'Preview';
    state.button.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) { render(state); }
  }

  function attach(textarea) {
    if (textarea.previewState || textarea.closest('.empty-form')) { return; }
    var row = textarea.closest('.form-row') || textarea.parentNode;
    var state = {textarea: textarea, row: row, open: false, request: 0, timer: null};
    textarea.previewState = state;

    var bar = document.createElement('div');
    bar.className = 'section-preview-bar';
    state.button = document.createElement('button');
    state.button.type = 'button';
    state.button.className = 'section-preview-button';
    state.button.setAttribute('aria-controls', textarea.id + '_preview');
    state.button.addEventListener('click', function () { setOpen(state, !state.open); });
    bar.appendChild(state.button);
    var after = textarea.closest('.flex-container') || textarea;
    after.parentNode.insertBefore(bar, after.nextSibling);

    state.panel = document.createElement('section');
    state.panel.className = 'section-preview';
    state.panel.id = textarea.id + '_preview';
    state.panel.setAttribute('aria-label', 'Preview of this section');
    state.status = document.createElement('p');
    state.status.className = 'section-preview-status';
    state.status.setAttribute('role', 'status');
    state.output = document.createElement('div');
    state.output.className = 'section-preview-output';
    state.panel.appendChild(state.status);
    state.panel.appendChild(state.output);
    row.appendChild(state.panel);
    setOpen(state, false);

    var form = textarea.closest('.inline-related');
    var follow = function () {
      if (!state.open) { return; }
      clearTimeout(state.timer);
      state.timer = setTimeout(function () { render(state); }, DELAY);
    };
    textarea.addEventListener('input', follow);
    if (form) {
      form.addEventListener('change', function (event) {
        if (event.target.matches('[name$="-kind"], [name$="-heading"]')) { follow(); }
      });
    }
  }

  function init() {
    document.querySelectorAll('textarea[data-preview-url]').forEach(attach);
    document.addEventListener('formset:added', function (event) {
      event.target.querySelectorAll('textarea[data-preview-url]').forEach(attach);
    });
  }

  document.addEventListener('DOMContentLoaded', init);
}());
