/* Reply links work without JavaScript: "?replyto=N#respond" reloads the article with the
   form set up for the reply. With JavaScript the form moves under the comment instead. */
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

  function reset(event) {
    if (event) event.preventDefault();
    replyTo.value = "";
    note.hidden = true;
    home.parentNode.insertBefore(respond, home.nextSibling);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.comment-reply");
    if (!link) return;
    event.preventDefault();
    var comment = document.getElementById("comment-" + link.dataset.replyTo);
    if (!comment) return;
    replyTo.value = link.dataset.replyTo;
    noteName.textContent = link.dataset.replyName;
    noteLink.href = "#comment-" + link.dataset.replyTo;
    note.hidden = false;
    comment.querySelector("article").after(respond);
    respond.querySelector("textarea").focus();
  });
  respond.querySelector(".comment-cancel-reply").addEventListener("click", reset);
})();
