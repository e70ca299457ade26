"""A comment that came back with errors, kept across Post/Redirect/Get.

An invalid post is answered with a redirect to the article page (``#respond``), never with
a page at the posting URL (reloading that would post again; opening it would answer 405). The
form data and its errors wait in the cache under a random id for an hour; the id travels in a
signed, HttpOnly, SameSite=Lax ``comment-draft`` cookie. Not the data itself in the cookie: a
5,000-character comment does not fit a cookie's 4 KB. The article page then shows the form
bound, with the errors and everything typed, to this browser alone (the cookie makes the
request personal, and ``caching.personal()`` keeps the page out of the page cache), on every
reload, until a post succeeds or the hour is over.
"""

from __future__ import annotations

import re
import secrets

from django.core.cache import cache
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, QueryDict

from blog import caching

from . import identity
from .forms import CommentForm

COOKIE_NAME = "comment-draft"
SALT = "comments.drafts"
MAX_AGE = 60 * 60
FIELDS = (
    "name", "email", "website", "body", "notify_replies", "reply_to", "section", "token",
    "honeypot",
)  # fmt: skip
_ID = re.compile(r"[A-Za-z0-9_-]{32}")


def _cache_key(draft_id: str) -> str:
    return f"comment-draft:{draft_id}"


def _draft_id(request: HttpRequest) -> str:
    try:
        value = request.get_signed_cookie(COOKIE_NAME, default="", salt=SALT, max_age=MAX_AGE)
    except Exception:  # a cookie that is not ours
        return ""
    return value if _ID.fullmatch(value or "") else ""


def keep(response: HttpResponse, request: HttpRequest, article_id: int, form) -> HttpResponse:
    """Store the bound form's data and errors; set the cookie that finds them again."""
    draft_id = _draft_id(request) or secrets.token_urlsafe(24)
    data = {name: form.data.getlist(name)[:1] for name in FIELDS if name in form.data}
    draft = {"article": article_id, "data": data, "errors": form.errors.get_json_data()}
    cache.set(_cache_key(draft_id), draft, MAX_AGE)
    return identity.set_reader_cookie(response, COOKIE_NAME, draft_id, salt=SALT, max_age=MAX_AGE)


def forget(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    """After a successful post: the draft is done."""
    draft_id = _draft_id(request)
    if draft_id:
        cache.delete(_cache_key(draft_id))
    if COOKIE_NAME in request.COOKIES:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
    return response


def form_for(article_id: int, request) -> CommentForm | None:
    """The form this browser last sent to this article with errors, bound, or None."""
    draft_id = _draft_id(request) if request is not None else ""
    draft = cache.get(_cache_key(draft_id)) if draft_id else None
    if not draft or draft.get("article") != article_id:
        return None
    data = QueryDict(mutable=True)
    for name, values in draft["data"].items():
        data.setlist(name, values)
    form = CommentForm(data=data)
    errors = ErrorDict(renderer=form.renderer)
    for field, items in draft["errors"].items():
        errors[field] = form.error_class(
            [item["message"] for item in items],
            error_class="nonfield" if field == "__all__" else None,
            renderer=form.renderer,
        )
    form._errors = errors  # shown as they were found; the next post checks everything again
    caching.personal()
    return form
