/* Reply links work without JavaScript: "?replyto=N#respond" reloads the article with the
   form set up for the reply. With JavaScript the form moves under the comment instead.
   "Respond to this section" links work the same way ("?respondto=N#respond"); with
   JavaScript the form, back in its place, is set to answer the section and focused. */
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  if (!respond) return;
  var home = document.createComment("comment form");
  respond.parentNode.insertBefore(home, respond);
  var replyTo = respond.querySelector("input[name=reply_to]");
  var note = respond.querySelector(".comment-replying-to");
  var noteName = note.querySelector("[data-reply-name]"); // a <bdi> inside the link
  var noteLink = noteName.closest("a");
  var sectionInput = respond.querySelector("input[name=section]");
  var sectionNote = respond.querySelector(".comment-responding-to");
  var sectionLink = sectionNote.querySelector("[data-section-name]");

  function clearReply() {
    replyTo.value = "";
    note.hidden = true;
    home.parentNode.insertBefore(respond, home.nextSibling);
  }

  function clearSection() {
    sectionInput.value = "";
    sectionNote.hidden = true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.comment-reply");
    if (!link) return;
    event.preventDefault();
    var comment = document.getElementById("comment-" + link.dataset.replyTo);
    if (!comment) return;
    clearSection(); // a reply answers what its parent answers
    replyTo.value = link.dataset.replyTo;
    noteName.textContent = link.dataset.replyName;
    noteLink.href = "#comment-" + link.dataset.replyTo;
    note.hidden = false;
    comment.querySelector("article").after(respond);
    respond.querySelector("textarea").focus();
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.section-respond-link");
    if (!link) return;
    var section = link.closest("section[id]");
    if (!section) return;
    event.preventDefault();
    clearReply();
    sectionInput.value = link.dataset.respondSection;
    sectionLink.textContent = link.dataset.sectionHeading;
    sectionLink.href = "#" + section.id;
    sectionNote.hidden = false;
    respond.scrollIntoView();
    respond.querySelector("textarea").focus();
  });

  respond.querySelector(".comment-cancel-reply").addEventListener("click", function (event) {
    event.preventDefault();
    clearReply();
  });
  respond.querySelector(".comment-clear-section").addEventListener("click", function (event) {
    event.preventDefault();
    clearSection();
    respond.querySelector("textarea").focus();
  });
})();
