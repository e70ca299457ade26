/* "Check now" progress: polls the run's JSON status and updates the bar and the message;
   reloads once the run has finished, to show the links found broken. Without this script
   the page refreshes itself (a <noscript> meta refresh) until the run is done. */
(function () {
  "use strict";
  var page = document.querySelector(".link-check[data-status-url]");
  var waiting = { waiting: true, running: true };
  if (!page || !waiting[page.getAttribute("data-state")]) return;
  var bar = document.getElementById("link-check-bar");
  var message = page.querySelector(".link-check-message");
  var delay = 1000;

  function show(state) {
    bar.max = Math.max(state.total, 1);
    bar.value = state.checked;
    bar.textContent = state.checked + " of " + state.total;
    if (message.textContent !== state.message) message.textContent = state.message;
  }

  function poll() {
    fetch(page.getAttribute("data-status-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (state) {
        show(state);
        // Finished (the broken links), failed or stalled (a "Continue" button): the page
        // has more to show than the bar.
        if (waiting[state.state]) window.setTimeout(poll, delay);
        else window.location.reload();
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000); // the server is busy or away: ask less often
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
