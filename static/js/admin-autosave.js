/* Broadsheet admin, article form: autosave, restore and presence (newsroom/editing_admin.py).
 *
 * The form's whole state (every named field, every inline row, new ones included) is posted
 * as JSON to the person's private draft every `interval` seconds and when the tab is hidden,
 * if it changed since the last autosave. When the server cannot be reached it is kept in
 * this browser's local storage instead. Reopening the form offers to restore it, with what
 * differs; restoring fills the form (adding inline rows with Django's own "add another"
 * link) and saves nothing. Generic on purpose: it reads the form's named inputs, so it does
 * not depend on any inline's markup. Progressive enhancement only. */
(function () {
  'use strict';

  var MANAGEMENT = /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;
  var ROW = /^(.+)-(\d+)-([^-]+)$/;
  var KEEPALIVE_LIMIT = 60000; // browsers refuse keepalive bodies over 64 KiB
  var MAX_LISTED = 12;

  function init() {
    var form = document.getElementById('article_form');
    if (!form || !window.fetch) { return; }

    function csrfToken() {
      var input = form.querySelector('[name=csrfmiddlewaretoken]');
      return input ? input.value : '';
    }

    function post(url, body, contentType, keepalive) {
      return fetch(url, {
        method: 'POST',
        body: body,
        credentials: 'same-origin',
        keepalive: Boolean(keepalive) && body.length < KEEPALIVE_LIMIT,
        // A lapsed login answers with a redirect to the login page: a failure here.
        redirect: 'manual',
        headers: { 'Content-Type': contentType, 'X-CSRFToken': csrfToken(), Accept: 'application/json' }
      });
    }

    /* --- presence: who else has this article open ---------------------------------------- */

    var notice = document.getElementById('presence-notice');
    if (notice && notice.getAttribute('data-heartbeat-url')) {
      var heartbeatUrl = notice.getAttribute('data-heartbeat-url');
      var beat = function (leaving) {
        post(heartbeatUrl, leaving ? 'leaving=1' : '', 'application/x-www-form-urlencoded', leaving)
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (data) {
            if (data && !leaving) {
              notice.textContent = data.notice;
              notice.hidden = !data.notice;
            }
          })
          .catch(function () { /* the next beat tries again */ });
      };
      window.setInterval(beat, (Number(notice.getAttribute('data-interval')) || 30) * 1000);
      window.addEventListener('pagehide', function () { beat(true); });
      window.addEventListener('pageshow', function (event) { if (event.persisted) { beat(); } });
    }

    /* --- the form's state ---------------------------------------------------------------- */

    var box = document.getElementById('autosave-offer');
    if (!box) { return; }
    var config = JSON.parse(box.getAttribute('data-config'));

    function skipped(element) {
      var type = element.type;
      return !element.name || element.disabled || element.name === 'csrfmiddlewaretoken' ||
        element.name.indexOf('__prefix__') !== -1 || element.tagName === 'FIELDSET' ||
        element.tagName === 'OUTPUT' || element.tagName === 'OBJECT' || type === 'file' ||
        type === 'submit' || type === 'button' || type === 'reset' || type === 'image';
    }

    function elements() {
      return Array.prototype.filter.call(form.elements, function (element) { return !skipped(element); });
    }

    // What the browser would post (less files and the token), plus the text of each chosen
    // option, so that an autocomplete select can show a restored choice it has not loaded.
    function serialize() {
      var fields = [];
      var labels = {};
      elements().forEach(function (element) {
        if ((element.type === 'checkbox' || element.type === 'radio') && !element.checked) { return; }
        if (element.tagName === 'SELECT') {
          Array.prototype.forEach.call(element.selectedOptions, function (option) {
            fields.push([element.name, option.value]);
            if (option.value) { labels[element.name] = option.text; }
          });
          return;
        }
        fields.push([element.name, element.value]);
      });
      return { fields: fields, labels: labels };
    }

    // Two states are the same text if they differ at most in the version they were opened from.
    function comparable(state) {
      return JSON.stringify(state.fields.filter(function (pair) { return pair[0] !== 'opened_version'; }));
    }

    function valuesByName(state) {
      var values = {};
      state.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
      return values;
    }

    /* --- local storage: the fallback when the server cannot be reached --------------------- */

    function keepLocally(state) {
      try {
        window.localStorage.setItem(config.storageKey, JSON.stringify({ savedAt: new Date().toISOString(), state: state }));
        return true;
      } catch (error) {
        return false; // storage full or forbidden: the leave warning still stands
      }
    }

    function readLocal() {
      try {
        var kept = JSON.parse(window.localStorage.getItem(config.storageKey));
        if (kept && kept.state && Array.isArray(kept.state.fields)) { return kept; }
      } catch (error) { /* unreadable: nothing kept */ }
      return null;
    }

    function forgetLocal(onlyIfSameAs) {
      var kept = readLocal();
      if (kept && (!onlyIfSameAs || comparable(kept.state) === onlyIfSameAs)) {
        try { window.localStorage.removeItem(config.storageKey); } catch (error) { /* ignore */ }
      }
    }

    // The article was saved since these drafts were kept (the server says so once).
    (config.clearKeys || []).forEach(function (key) {
      try { window.localStorage.removeItem(key); } catch (error) { /* ignore */ }
    });

    function timeOf(iso) {
      var date = new Date(iso);
      var options = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: config.timeZone };
      try {
        var day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeZone: config.timeZone });
        if (day.format(date) !== day.format(new Date())) { options.day = 'numeric'; options.month = 'short'; }
        return new Intl.DateTimeFormat('en-GB', options).format(date);
      } catch (error) {
        return date.toLocaleTimeString();
      }
    }

    /* --- autosave ---------------------------------------------------------------------- */

    var status = document.getElementById('autosave-status');
    var lastKept = comparable(serialize()); // the form as opened: nothing to keep yet
    var sending = null;
    var submitting = false;
    var paused = false; // while an earlier draft waits for Restore or Discard

    function say(text) { if (status) { status.textContent = text; } }

    function autosave(leaving) {
      if (submitting || paused) { return; }
      var state = serialize();
      var key = comparable(state);
      if (key === lastKept || key === sending) { return; }
      // The page may be going away before the server answers: keep a copy here first.
      if (leaving) { keepLocally(state); }
      sending = key;
      var failed = function () {
        sending = null;
        if (keepLocally(state)) {
          say('The server could not be reached: your changes are kept in this browser (' + timeOf(new Date().toISOString()) + ').');
        }
      };
      var request;
      try {
        request = post(config.autosaveUrl, JSON.stringify(state), 'application/json', leaving);
      } catch (error) {
        failed();
        return;
      }
      request.then(function (response) {
        if (!response.ok) { failed(); return null; }
        return response.json().then(function (data) {
          sending = null;
          lastKept = key;
          forgetLocal(key);
          say('Your changes were autosaved at ' + data.display + ' (only you can see them).');
        });
      }).catch(failed);
    }

    window.setInterval(function () { autosave(false); }, (config.interval || 30) * 1000);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') { autosave(true); }
    });
    window.addEventListener('pagehide', function () { autosave(true); });
    form.addEventListener('submit', function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.hasAttribute('formaction')) {
        autosave(true); // e.g. "Create a share link": the text is not saved by that post
        return;
      }
      // Kept here until the next form hears that the save went through (config.clearKeys).
      if (!paused) { keepLocally(serialize()); }
      submitting = true;
    });

    /* --- what the draft changes, in words -------------------------------------------------- */

    function rowOf(name) {
      var match = ROW.exec(name);
      if (match && form.querySelector('[name="' + match[1] + '-TOTAL_FORMS"]')) {
        return { prefix: match[1], index: Number(match[2]), field: match[3] };
      }
      return null;
    }

    function labelOf(name) {
      var label = document.querySelector('label[for="id_' + name + '"]') ||
        document.querySelector('label[for="id_' + name.replace(/_\d+$/, '') + '"]') ||
        document.querySelector('label[for="id_' + name.replace(/_\d+$/, '') + '_0"]');
      return label ? label.textContent.replace(/:\s*$/, '').trim() : name.replace(/_/g, ' ');
    }

    // "section", from the inline's own "Add another section".
    function nounOf(prefix) {
      var group = document.getElementById(prefix + '-group');
      try {
        var text = JSON.parse(group.getAttribute('data-inline-formset')).options.addText;
        return text.replace(/^add another\s+/i, '');
      } catch (error) {
        return prefix.replace(/[-_]/g, ' ');
      }
    }

    function words(text) { return (text.match(/\S+/g) || []).length; }

    function quoted(text) {
      return text.length > 70 ? '“' + text.slice(0, 67) + '…”' : '“' + text + '”';
    }

    function describeField(name, draftValue, currentValue) {
      var label = labelOf(name);
      var element = form.querySelector('[name="' + name + '"]');
      if (element && element.type === 'checkbox') { return label + ': ' + (draftValue ? 'ticked' : 'not ticked'); }
      if (!draftValue) { return label + ': emptied'; }
      if (draftValue.indexOf('\n') === -1 && draftValue.length <= 120) { return label + ': ' + quoted(draftValue); }
      return label + ': changed (' + words(currentValue) + ' → ' + words(draftValue) + ' words)';
    }

    function describeRow(row, draft) {
      var base = row.prefix + '-' + row.index + '-';
      var noun = nounOf(row.prefix);
      var heading = (draft[base + 'heading'] || draft[base + 'title'] || [''])[0];
      var name = noun.charAt(0).toUpperCase() + noun.slice(1) + ' ' + (row.index + 1) + (heading ? ' ' + quoted(heading) : '');
      if (draft[base + 'DELETE']) { return name + ': removed'; }
      if (!(draft[base + 'id'] || [''])[0]) { return 'New ' + noun.toLowerCase() + ' ' + (row.index + 1) + (heading ? ' ' + quoted(heading) : ''); }
      var fields = row.fields.filter(function (field) { return field !== 'id'; });
      return name + ': ' + fields.map(function (field) { return field.replace(/_/g, ' '); }).join(', ') + ' changed';
    }

    function differences(draftState, currentState) {
      var draft = valuesByName(draftState);
      var current = valuesByName(currentState);
      var names = Object.keys(draft).concat(Object.keys(current).filter(function (name) { return !(name in draft); }));
      var lines = [];
      var rows = {};
      var rowOrder = [];
      var seenLabels = {};
      names.forEach(function (name) {
        if (name === 'opened_version' || MANAGEMENT.test(name)) { return; }
        var draftValue = (draft[name] || []).join('\n');
        var currentValue = (current[name] || []).join('\n');
        if (draftValue === currentValue) { return; }
        var row = rowOf(name);
        if (row) {
          var key = row.prefix + '-' + row.index;
          if (!rows[key]) { rows[key] = { prefix: row.prefix, index: row.index, fields: [] }; rowOrder.push(key); }
          rows[key].fields.push(row.field);
          return;
        }
        var line = describeField(name, draftValue, currentValue);
        var label = labelOf(name);
        if (seenLabels[label]) { return; } // a date and its time: one line
        seenLabels[label] = true;
        lines.push(line);
      });
      rowOrder.forEach(function (key) { lines.push(describeRow(rows[key], draft)); });
      return lines;
    }

    /* --- restore -------------------------------------------------------------------------- */

    function addLink(prefix) {
      var group = document.getElementById(prefix + '-group');
      return group && group.querySelector('.add-row a');
    }

    function setValue(element, values, labels, present) {
      var before;
      if (element.type === 'checkbox' || element.type === 'radio') {
        before = element.checked;
        element.checked = values.indexOf(element.value) !== -1;
        return before !== element.checked ? 'change' : null;
      }
      if (element.tagName === 'SELECT') {
        if (!present && !element.multiple) { return null; }
        before = JSON.stringify(Array.prototype.map.call(element.selectedOptions, function (o) { return o.value; }));
        values.forEach(function (value) {
          var known = Array.prototype.some.call(element.options, function (o) { return o.value === value; });
          if (!known && value && labels[element.name]) {
            element.add(new Option(labels[element.name], value)); // an autocomplete choice not loaded
          }
        });
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
        return before !== JSON.stringify(values) ? 'change' : null;
      }
      if (!present) { return null; }
      before = element.value;
      element.value = values[0];
      return before !== element.value ? 'input' : null;
    }

    function restore(state) {
      var values = valuesByName(state);
      var labels = state.labels || {};
      // Rows first: as many of each inline as the draft had, through Django's own link, so
      // every script that listens for "formset:added" sets the new row up as usual.
      Object.keys(values).forEach(function (name) {
        var match = /^(.+)-TOTAL_FORMS$/.exec(name);
        var total = match && form.querySelector('[name="' + name + '"]');
        if (!total) { return; }
        var wanted = parseInt(values[name][0], 10) || 0;
        var link = addLink(match[1]);
        for (var guard = 0; link && Number(total.value) < wanted && guard < 1000; guard += 1) {
          link.click();
        }
      });
      var rowsInDraft = {};
      Object.keys(values).forEach(function (name) {
        var row = rowOf(name);
        if (row) { rowsInDraft[row.prefix + '-' + row.index] = true; }
      });
      var first = null;
      elements().forEach(function (element) {
        if (MANAGEMENT.test(element.name)) { return; }
        var row = rowOf(element.name);
        // A row the draft did not have (someone added it since) is left as it is.
        if (row && !rowsInDraft[row.prefix + '-' + row.index]) { return; }
        var event = setValue(element, values[element.name] || [], labels, element.name in values);
        if (event) {
          element.dispatchEvent(new Event(event, { bubbles: true }));
          first = first || element;
        }
      });
      return first;
    }

    /* --- the offer ---------------------------------------------------------------------- */

    function candidate() {
      var local = readLocal();
      var server = config.draft;
      if (local && server && comparable(local.state) === comparable(server.state)) { local = null; }
      if (local && (!server || Date.parse(local.savedAt) >= Date.parse(server.savedAt))) {
        return { state: local.state, display: timeOf(local.savedAt), local: true };
      }
      return server ? { state: server.state, display: server.display, local: false } : null;
    }

    function offer(draft) {
      var current = serialize();
      var lines = differences(draft.state, current);
      box.querySelector('h2').textContent = 'Restore your unsaved changes from ' + draft.display + '?';
      var list = box.querySelector('ul');
      lines.slice(0, MAX_LISTED).forEach(function (line) {
        var item = document.createElement('li');
        item.textContent = line;
        list.appendChild(item);
      });
      if (lines.length > MAX_LISTED) {
        var more = document.createElement('li');
        more.textContent = 'and ' + (lines.length - MAX_LISTED) + ' more';
        list.appendChild(more);
      }
      var opened = (valuesByName(draft.state).opened_version || [''])[0];
      var versionInput = form.querySelector('[name=opened_version]');
      var note = box.querySelector('.autosave-offer-note');
      if (versionInput && opened !== versionInput.value) {
        note.textContent = 'The article was saved since you made these changes. After restoring, ' +
          'saving shows you what was changed, so that you can merge.';
        note.hidden = false;
      } else if (draft.local) {
        note.textContent = 'These changes were kept in this browser: the server could not be reached.';
        note.hidden = false;
      }
      paused = true;
      box.hidden = false;
      say('Autosave waits until you restore or discard these changes.');
      document.getElementById('autosave-restore').addEventListener('click', function () {
        box.hidden = true;
        paused = false;
        var first = restore(draft.state);
        say('Your changes from ' + draft.display + ' are back in the form: they are not saved until you save.');
        if (first) { first.focus(); }
      });
      document.getElementById('autosave-discard').addEventListener('click', function () {
        box.hidden = true;
        paused = false;
        forgetLocal();
        lastKept = comparable(serialize());
        post(config.discardUrl, '', 'application/x-www-form-urlencoded', false)
          .then(function (response) { say(response.ok ? 'Your earlier changes were discarded.' : ''); })
          .catch(function () { /* nothing more to do: it was never restored */ });
      });
    }

    var draft = candidate();
    if (draft && comparable(draft.state) !== comparable(serialize())) { offer(draft); }
  }

  // After every other DOMContentLoaded handler (Django's inlines, the sections script), so
  // the state taken as "unchanged" is the form as they leave it.
  document.addEventListener('DOMContentLoaded', function () { window.setTimeout(init, 0); });
}());
