/* Forms on cached pages (the comment form, "Get new articles by email") carry no per-reader
   token: the page is the same bytes for every reader. A form with data-token-url fetches its
   token when the reader starts typing, into the hidden field data-token-field names; a post
   sent before it arrives waits for it. Without JavaScript (or if the fetch fails) the form
   posts without one and the server decides (README, "Comments and CSRF"). */
(function () {
  "use strict";
  document.querySelectorAll("form[data-token-url]").forEach(function (form) {
    var field = form.querySelector("input[name=" + form.dataset.tokenField + "]");
    if (!field) return;
    var fetching = null;
    function fetchToken() {
      if (field.value) return Promise.resolve();
      if (!fetching) {
        fetching = fetch(form.dataset.tokenUrl, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            if (!response.ok) throw new Error("token " + response.status);
            return response.json();
          })
          .then(function (data) { field.value = data.token; })
          .catch(function () { fetching = null; });
      }
      return fetching;
    }
    form.addEventListener("focusin", fetchToken);
    form.addEventListener("submit", function (event) {
      if (field.value || form.dataset.tokenWaited) return;
      event.preventDefault();
      form.dataset.tokenWaited = "1"; // post once the token is there, or without it
      fetchToken().then(function () { form.submit(); });
    });
  });
})();
