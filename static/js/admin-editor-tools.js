/* Broadsheet admin: "Insert picture", "Insert affiliate link"… above every Markdown textarea
 * that lists editor tools in data-editor-tools (blog.extensions.editor_tools). A button opens
 * a picker that searches the tool's staff-only endpoint as you type; choosing a result inserts
 * the Markdown it gave at the cursor (blocks on lines of their own) and fires "input", so
 * word counts, autosave and the leave-page warning see the change. Works for sections added
 * later: toolbars are added on "formset:added" and clicks are handled by delegation. A tool
 * with an upload endpoint also offers a small form in the picker (built from the fields the
 * endpoint describes; errors shown by each field, what was typed kept): the new item is
 * inserted at once, so the author never leaves the article. */
(function () {
  'use strict';

  var dialog = null;
  // Textareas the person has been in: their cursor is where things go; elsewhere, the end.
  var visited = new WeakSet();
  var state = {textarea: null, tool: null, opener: null, timer: null, request: 0};

  function tools(textarea) {
    try { return JSON.parse(textarea.getAttribute('data-editor-tools')) || []; } catch (e) { return []; }
  }

  function rowOf(node) {
    return node.closest('.form-row') || node.parentNode;
  }

  function addToolbar(textarea) {
    var row = rowOf(textarea);
    if (row.querySelector('.editor-tools')) { return; }
    var bar = document.createElement('div');
    bar.className = 'editor-tools';
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', 'Insert into the text');
    tools(textarea).forEach(function (tool) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'button editor-tool';
      button.textContent = tool.label;
      button.setAttribute('data-tool', JSON.stringify(tool));
      bar.appendChild(button);
    });
    var after = textarea.closest('.flex-container') || textarea;
    after.parentNode.insertBefore(bar, after.nextSibling);
  }

  function scan(root) {
    (root || document).querySelectorAll('textarea[data-editor-tools]').forEach(addToolbar);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function buildDialog() {
    dialog = element('dialog', 'editor-picker');
    dialog.setAttribute('aria-labelledby', 'editor-picker-title');
    var head = element('div', 'editor-picker-head');
    var title = element('h2', 'editor-picker-title');
    title.id = 'editor-picker-title';
    var close = element('button', 'button editor-picker-close', 'Close');
    close.type = 'button';
    close.addEventListener('click', function () { dialog.close(); });
    head.appendChild(title);
    head.appendChild(close);
    var label = element('label', 'editor-picker-label', 'Search');
    label.htmlFor = 'editor-picker-search';
    var search = element('input', 'vTextField editor-picker-search');
    search.type = 'search';
    search.id = 'editor-picker-search';
    search.autocomplete = 'off';
    search.maxLength = 100;
    search.addEventListener('input', function () {
      clearTimeout(state.timer);
      state.timer = setTimeout(function () { find(search.value); }, 200);
    });
    var status = element('p', 'editor-picker-status');
    status.setAttribute('role', 'status');
    var results = element('ul', 'editor-picker-results');
    results.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-choice]');
      if (button) { choose(JSON.parse(button.getAttribute('data-choice'))); }
    });
    dialog.addEventListener('close', function () {
      if (state.opener && document.activeElement === document.body) { state.opener.focus(); }
    });
    var upload = element('details', 'editor-picker-upload');
    upload.appendChild(element('summary', '', 'Upload'));
    var form = element('form', 'editor-picker-upload-form');
    form.noValidate = true;  // the server's checks and messages, the same as the add page's
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      send(form);
    });
    upload.appendChild(form);
    [head, label, search, status, results, upload].forEach(function (node) { dialog.appendChild(node); });
    document.body.appendChild(dialog);
  }

  function prepareUpload(tool) {
    var upload = dialog.querySelector('.editor-picker-upload');
    var form = upload.querySelector('form');
    upload.hidden = !tool.upload;
    upload.open = false;
    form.textContent = '';
    if (!tool.upload) { return; }
    upload.querySelector('summary').textContent = tool.upload_label || 'Upload';
    fetch(tool.upload, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
      .then(function (response) { return response.ok ? response.json() : {fields: []}; })
      .then(function (data) { buildUploadForm(form, data.fields || []); })
      .catch(function () { upload.hidden = true; });
  }

  function buildUploadForm(form, fields) {
    form.appendChild(errorList('editor-upload-form-errors'));
    fields.forEach(function (field) {
      var id = 'editor-upload-' + field.name;
      var row = element('div', 'editor-picker-field');
      var label = element('label', field.required ? 'required' : '', field.label);
      label.htmlFor = id;
      var input = element('input', field.type === 'file' ? 'editor-picker-file' : 'vTextField');
      input.type = field.type === 'file' ? 'file' : 'text';
      input.name = field.name;
      input.id = id;
      if (field.required) { input.setAttribute('aria-required', 'true'); }
      if (field.max_length) { input.maxLength = field.max_length; }
      if (field.type === 'file') { input.accept = 'image/jpeg,image/png,image/webp,image/gif'; }
      var described = [id + '-errors'];
      row.appendChild(label);
      row.appendChild(input);
      row.appendChild(errorList(id + '-errors'));
      if (field.help) {
        var help = element('div', 'help', field.help);
        help.id = id + '-help';
        described.push(help.id);
        row.appendChild(help);
      }
      input.setAttribute('aria-describedby', described.join(' '));
      form.appendChild(row);
    });
    var submit = element('button', 'button default', 'Upload and insert');
    submit.type = 'submit';
    form.appendChild(submit);
  }

  function errorList(id) {
    var list = element('ul', 'errorlist');
    list.id = id;
    list.hidden = true;
    return list;
  }

  function showErrors(form, errors) {
    form.querySelectorAll('.errorlist').forEach(function (list) {
      list.textContent = '';
      list.hidden = true;
    });
    Object.keys(errors).forEach(function (name) {
      var list = form.querySelector('#editor-upload-' + (name === '__all__' ? 'form' : name) + '-errors') ||
        form.querySelector('#editor-upload-form-errors');
      errors[name].forEach(function (message) { list.appendChild(element('li', '', message)); });
      list.hidden = false;
    });
    var status = dialog.querySelector('.editor-picker-status');
    status.textContent = 'The upload was refused: see the messages below.';
  }

  function send(form) {
    var token = document.querySelector('input[name=csrfmiddlewaretoken]');
    var status = dialog.querySelector('.editor-picker-status');
    var submit = form.querySelector('button[type=submit]');
    status.textContent = 'Uploading…';
    submit.disabled = true;
    fetch(state.tool.upload, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {Accept: 'application/json', 'X-CSRFToken': token ? token.value : ''},
      body: new FormData(form)
    })
      .then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      })
      .then(function (answer) {
        submit.disabled = false;
        var result = answer.ok && answer.data.result;
        if (result) {
          choose({choice: result.choices[0], label: result.label});
        } else {
          showErrors(form, answer.data.errors || {__all__: ['The upload failed; try again.']});
        }
      })
      .catch(function () {
        submit.disabled = false;
        showErrors(form, {__all__: ['The upload failed; try again.']});
      });
  }

  function open(button) {
    if (!dialog) { buildDialog(); }
    state.tool = JSON.parse(button.getAttribute('data-tool'));
    state.opener = button;
    state.textarea = rowOf(button).querySelector('textarea[data-editor-tools]');
    if (!state.textarea) { return; }
    dialog.querySelector('.editor-picker-title').textContent = state.tool.label;
    var search = dialog.querySelector('.editor-picker-search');
    search.value = '';
    dialog.querySelector('.editor-picker-results').textContent = '';
    prepareUpload(state.tool);
    dialog.showModal();
    search.focus();
    find('');
  }

  function find(text) {
    var request = ++state.request;
    var status = dialog.querySelector('.editor-picker-status');
    status.textContent = 'Searching…';
    var url = state.tool.url + '?q=' + encodeURIComponent(text.trim());
    fetch(url, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) { if (request === state.request) { show(data.results || []); } })
      .catch(function () {
        if (request === state.request) { status.textContent = 'The search failed; try again.'; }
      });
  }

  function show(results) {
    var list = dialog.querySelector('.editor-picker-results');
    list.textContent = '';
    dialog.querySelector('.editor-picker-status').textContent =
      results.length ? results.length + (results.length === 1 ? ' match' : ' matches') : 'Nothing matches.';
    results.forEach(function (result) {
      var item = element('li', 'editor-picker-result');
      if (result.thumbnail) {
        var image = element('img', 'editor-picker-thumbnail');
        image.src = result.thumbnail;
        image.alt = '';
        image.width = 64;
        item.appendChild(image);
      }
      var text = element('div', 'editor-picker-text');
      text.appendChild(element('span', 'editor-picker-name', result.label));
      if (result.detail) { text.appendChild(element('span', 'editor-picker-detail', result.detail)); }
      item.appendChild(text);
      var actions = element('div', 'editor-picker-actions');
      result.choices.forEach(function (choice) {
        var button = element('button', 'button editor-picker-choice', choice.label);
        button.type = 'button';
        button.setAttribute('aria-label', choice.label + ': ' + result.label);
        button.setAttribute('data-choice', JSON.stringify({choice: choice, label: result.label}));
        actions.appendChild(button);
      });
      item.appendChild(actions);
      list.appendChild(item);
    });
  }

  function linkText(text) {
    return text.replace(/\s+/g, ' ').replace(/([\\\[\]])/g, '\\$1');
  }

  function choose(picked) {
    var textarea = state.textarea;
    var choice = picked.choice;
    var value = textarea.value;
    var start = visited.has(textarea) ? textarea.selectionStart : value.length;
    var end = visited.has(textarea) ? textarea.selectionEnd : value.length;
    var selected = value.slice(start, end).trim();
    var text = choice.markdown.split('{text}').join(linkText(selected || picked.label));
    if (choice.block) {
      start = end;  // a block goes after the selection, never over it
      var before = value.slice(0, start);
      var after = value.slice(end);
      var lead = !before || /\n\n$/.test(before) ? '' : (/\n$/.test(before) ? '\n' : '\n\n');
      var trail = /^\n\n/.test(after) ? '' : (/^\n/.test(after) ? '\n' : '\n\n');
      text = lead + text + trail;
    }
    dialog.close();
    textarea.focus();
    textarea.setRangeText(text, start, end, 'end');
    textarea.dispatchEvent(new Event('input', {bubbles: true}));
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('.editor-tools button[data-tool]');
    if (button) { open(button); }
  });
  document.addEventListener('focusin', function (event) {
    if (event.target.matches && event.target.matches('textarea[data-editor-tools]')) {
      visited.add(event.target);
    }
  });
  document.addEventListener('formset:added', function (event) { scan(event.target); });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { scan(); });
  } else {
    scan();
  }
}());
