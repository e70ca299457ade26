"""The "Get new articles by email" box on article pages and the home page.

Pages holding it are cached for every reader, so the box's form token is a cache *hole*
(``blog.caching.hole``) filled with a fresh token in every response; the box itself sets no
cookie (no CSRF cookie: the post is checked by its Origin, the signed token and a honeypot).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from blog import caching

from .forms import FollowForm
from .tokens import issue_form_token

TOKEN_HOLE = "follow-token"  # noqa: S105 - a cache-hole name, not a secret


def fill_token_hole(arg: str) -> str:
    return issue_form_token()


def follow_box(*, tags=(), form: FollowForm | None = None, heading_id="follow-heading") -> str:
    tags = list(tags)
    form = form or FollowForm(tag_choices=tags)
    html = render_to_string(
        "subscriptions/follow_box.html",
        {
            "form": form,
            "tags": tags,
            "ticked": _ticked(form),
            "action": reverse("subscriptions:subscribe"),
            # A re-shown form (a personal response) gets its token now; a page for everyone
            # gets a hole that the page cache fills per response.
            "token": issue_form_token() if form.is_bound else caching.hole(TOKEN_HOLE, "x"),
            "heading_id": heading_id,
        },
    )
    return mark_safe(html)


def _ticked(form: FollowForm) -> set[int]:
    if not form.is_bound:
        return set()
    return {int(value) for value in form.data.getlist("tags") if value.isdigit()}


def extend_article_page(page, request) -> None:
    """blog.extensions.article_page_extenders: the box after the article's body."""
    page.after_body.append(SafeString(follow_box(tags=page.tags)))


def home_page_box(request) -> str:
    """blog.extensions.home_page_extenders: the box on the home page."""
    return follow_box()
