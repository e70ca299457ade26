"""The "Get new articles by email" box on article pages and the home page.

Pages holding it are cached for every reader and go out byte for byte, so the box on them
has no form token: static/js/form-token.js fetches one (``views.form_token``) when the reader
starts typing. Without JavaScript the first press comes back asking to press again, with a
token. The box sets no cookie (no CSRF cookie: the post is checked by its Origin, the signed
token and a honeypot).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from .forms import FollowForm
from .tokens import issue_form_token


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
            # Only a form shown again (a page for this reader alone) carries its token.
            "token": issue_form_token() if form.is_bound else "",
            "token_url": reverse("subscriptions:token"),
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
