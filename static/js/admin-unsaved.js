/* Warns before leaving the article form with unsaved changes (none right after saving:
   the page a save leads to starts clean). Progressive enhancement only. */
(function () {
  "use strict";
  function watch() {
    var form = document.querySelector("#article_form");
    if (!form) return;
    var dirty = false;
    function markDirty(event) {
      if (event.target.closest("[name=opened_version]")) return;
      dirty = true;
    }
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    form.addEventListener("submit", function () {
      dirty = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }
  // The admin loads its scripts in <head>, before the form exists.
  document.addEventListener("DOMContentLoaded", watch);
})();
