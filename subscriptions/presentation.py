"""The "Get new articles by email" box on article pages and the home page.

Pages holding it are cached for every reader and go out byte for byte, so the box on them
has no form token: static/js/form-token.js fetches one (``views.form_token``) when the reader
starts typing. Without JavaScript the first press comes back asking to press again, with a
token. The box sets no cookie (no CSRF cookie: the post is checked by its Origin, the signed
token and a honeypot).
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from .forms import FollowForm
from .tokens import issue_form_token


def follow_box(*, tags=(), form: FollowForm | None = None, heading_id="follow-heading") -> str:
    """The box; ``form`` only when it is shown again with errors (a page for one reader).
    The blank box builds no form: its fields' markup is the same on every page."""
    tags = list(tags)
    fields = FollowForm.base_fields
    html = render_to_string(
        "subscriptions/follow_box.html",
        {
            "form": form,
            "email_html": email_field_html(form),
            "tags_label": fields["tags"].label,
            "website_label": fields["website"].label,
            "tags": tags,
            "ticked": _ticked(form),
            "action": reverse("subscriptions:subscribe"),
            # Only a form shown again (a page for this reader alone) carries its token.
            "token": issue_form_token() if form is not None and form.is_bound else "",
            "token_url": reverse("subscriptions:token"),
            "heading_id": heading_id,
        },
    )
    return mark_safe(html)


def email_field_html(form: FollowForm | None) -> SafeString:
    """The address field with its label (and errors): rendered by Django's field machinery
    for a form shown again, once per process for the blank one (the slowest part of the box
    otherwise, on every page that holds it)."""
    if (form is not None and form.is_bound) or settings.DEBUG:
        return _email_html(form or FollowForm())
    return _blank_email_html()


@cache
def _blank_email_html() -> SafeString:
    return _email_html(FollowForm())


def _email_html(form: FollowForm) -> SafeString:
    return mark_safe(form["email"].as_field_group())


def _ticked(form: FollowForm | None) -> set[int]:
    if form is None or not form.is_bound:
        return set()
    return {int(value) for value in form.data.getlist("tags") if value.isdigit()}


def extend_article_page(page, request) -> None:
    """blog.extensions.article_page_extenders: the box after the article's body."""
    page.after_body.append(SafeString(follow_box(tags=page.tags)))


def home_page_box(request) -> str:
    """blog.extensions.home_page_extenders: the box on the home page."""
    return follow_box()
