/* One-click moderation on the comment list: the row buttons post in the background and the
   row shows the new status; j/k move between comments, a/s/r approve, mark as spam, remove,
   o opens the comment; on a comment's page a/s/r press its buttons and n opens the next
   comment waiting. Without this script the same buttons post and come back to the list. */
(function () {
  "use strict";

  function typing(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return true;
    return Boolean(event.target.closest("input, textarea, select, [contenteditable]"));
  }

  // A comment's own page: a/s/r press its buttons (an ordinary POST, which goes on to the
  // next comment waiting), n follows "Next waiting".
  var bar = document.querySelector(".moderation-bar");
  if (bar) {
    document.addEventListener("keydown", function (event) {
      if (typing(event)) return;
      var target = null;
      if (event.key === "a" || event.key === "s" || event.key === "r") {
        target = bar.querySelector('[data-shortcut="' + event.key + '"]:not(:disabled)');
      } else if (event.key === "n") {
        target = bar.querySelector("a.next-waiting");
      }
      if (!target) return;
      event.preventDefault();
      target.click();
    });
    return;
  }

  var table = document.getElementById("result_list");
  if (!table) return;
  var form = document.getElementById("changelist-form");
  var status = document.querySelector(".moderation-status");
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  var current = -1;

  function announce(text) {
    if (status) status.textContent = text;
  }

  function select(index) {
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (rows[current]) rows[current].classList.remove("moderation-current");
    current = index;
    var row = rows[current];
    row.classList.add("moderation-current");
    row.scrollIntoView({ block: "nearest" });
    var link = row.querySelector("th a, td a");
    if (link) link.focus({ preventScroll: true });
  }

  function updateRow(row, result) {
    var badge = row.querySelector(".status-badge");
    if (badge) {
      badge.className = "status-badge status-" + result.status;
      badge.textContent = result.status_label;
    }
    row.querySelectorAll(".moderate-button").forEach(function (button) {
      button.disabled = button.classList.contains("moderate-" + actionFor(result.status));
    });
    row.classList.add("moderated");
  }

  function actionFor(statusValue) {
    return { approved: "approve", spam: "spam", removed: "remove" }[statusValue] || "";
  }

  function moderate(button) {
    if (button.disabled) return;
    var row = button.closest("tr");
    var data = new FormData();
    var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) data.append("csrfmiddlewaretoken", token.value);
    row.querySelectorAll(".moderate-button").forEach(function (other) {
      other.disabled = true; // one decision per row until the server has answered
    });
    // Move on at once, so a quick run of keys decides one row each.
    var index = rows.indexOf(row);
    if (index === current && index < rows.length - 1) select(index + 1);
    fetch(button.formAction, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (result) {
        updateRow(row, result);
        announce(result.message + " " + result.waiting + " waiting.");
      })
      .catch(function (error) {
        row.querySelectorAll(".moderate-button").forEach(function (other) {
          other.disabled = false;
        });
        announce("That did not work (" + error.message + "). Reload the page and try again.");
      });
  }

  table.addEventListener("click", function (event) {
    var button = event.target.closest(".moderate-button");
    if (!button) return;
    event.preventDefault();
    select(rows.indexOf(button.closest("tr")));
    moderate(button);
  });

  document.addEventListener("keydown", function (event) {
    if (typing(event)) return;
    var key = event.key;
    if (key === "j") select(current + 1);
    else if (key === "k") select(current < 0 ? 0 : current - 1);
    else if (key === "a" || key === "s" || key === "r") {
      if (current < 0) select(0);
      var button = rows[current] && rows[current].querySelector('[data-shortcut="' + key + '"]');
      if (button) moderate(button);
    } else if (key === "o") {
      var link = rows[current] && rows[current].querySelector("th a, td.field-excerpt a");
      if (link) window.location.href = link.href;
    } else return;
    event.preventDefault();
  });
})();
