"""Posting a comment and leaving reply notifications; moderation views live in the admin."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from blog.models import Article
from config.clientip import client_ip
from config.origin import same_origin

from . import drafts, identity, services
from .models import Comment
from .tokens import issue_form_token, read_unsubscribe_token


# No CSRF cookie: `same_origin` is the cross-site check (see its docstring).
@csrf_exempt
@require_POST
def post_comment(request, article_id: int):
    if not same_origin(request):
        return render(request, "comments/forbidden_origin.html", status=403)
    article = get_object_or_404(Article.objects.published().select_related("author"), pk=article_id)
    commenter_key = identity.key_for_post(request)
    try:
        submission = services.submit_comment(
            article=article,
            data=request.POST,
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            commenter_key=commenter_key,
        )
    except services.CommentsClosed:
        return render(request, "comments/closed.html", {"article": article}, status=403)
    except services.RateLimited as limited:
        response = render(
            request,
            "comments/rate_limited.html",
            {"article": article, "minutes": max(1, limited.retry_after // 60)},
            status=429,
        )
        response["Retry-After"] = str(limited.retry_after)
        return response

    if submission.comment is None:
        # Post/Redirect/Get: the article page shows the errors and the text (comments.drafts),
        # so no page lives at this URL (reload would post again; opening it answers 405).
        target = f"{article.get_absolute_url()}#respond"
        return drafts.keep(HttpResponseRedirect(target, status=303), request, article.pk,
                           submission.form)  # fmt: skip
    comment = submission.comment
    if submission.is_published:
        messages.success(request, "Thank you — your comment is published.")
        target = comment.page_url()
    else:
        # Spam hears the same as a held comment: bots learn nothing from the answer.
        messages.info(request, "Thank you — your comment is awaiting moderation.")
        # The reader's own comment, shown to them alone (their commenter cookie finds it).
        target = f"{article.get_absolute_url()}#{comment.anchor}"
    # Spam gets the cookie too: bots learn nothing, and their key vouches for nothing.
    response = identity.remember(HttpResponseRedirect(target, status=303), commenter_key)
    return drafts.forget(response, request)


@require_http_methods(["GET", "HEAD"])
def form_token(request, article_id: int):
    """A fresh form token for one reader, fetched by static/js/comments.js when they start
    typing: the article page everyone gets carries none, so it is cached byte for byte.

    Not a secret and not a CSRF defence (``same_origin`` is): it times the reader and gives
    the post a one-time nonce. Another site's page cannot read this answer (no CORS)."""
    if not Article.objects.published().filter(pk=article_id).exists():
        raise Http404("No such article.")
    response = JsonResponse({"token": issue_form_token(article_id)})
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "HEAD"])
def permalink(request, pk: int):
    """A comment's stable address: to the page of threads that shows it now, or 404."""
    comment = (
        Comment.objects.approved()
        .filter(pk=pk, article__in=Article.objects.published())
        .select_related("article")
        .only("id", "thread_root", "article_id", "article__slug")
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    return HttpResponseRedirect(comment.page_url())


# Mail clients post here without a CSRF token (RFC 8058 one-click); the signed token is
# what authorises the change. A GET only shows a page with the button, because link
# scanners in mail systems follow every link in a message.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    comment_id = read_unsubscribe_token(token)
    comment = (
        Comment.objects.select_related("article").filter(pk=comment_id).first()
        if comment_id
        else None
    )
    if comment is None:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        # Every comment from this address: one click should end all reply emails.
        Comment.objects.filter(email=comment.email, notify_replies=True).update(
            notify_replies=False
        )
        return render(request, "comments/unsubscribe.html", {"done": True, "comment": comment})
    return render(request, "comments/unsubscribe.html", {"comment": comment})
