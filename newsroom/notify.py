"""The workflow's emails, sent after the commit (a mail server that is down is only logged)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse

from blog.presentation import author_name

log = logging.getLogger(__name__)


def _absolute(path: str) -> str:
    return settings.BROADSHEET["SITE_URL"].rstrip("/") + path


def _send(messages: list[tuple[str, str, str, list[str]]]) -> None:
    def send():
        try:
            send_mass_mail(messages, fail_silently=False)
        except Exception:  # the decision is saved; the mail is a courtesy
            log.exception("Could not send newsroom email")

    if messages:
        transaction.on_commit(send)


def editors_emails() -> list[str]:
    people = (
        get_user_model()
        .objects.filter(groups__name="Editors", is_active=True, is_staff=True)
        .exclude(email="")
    )
    return sorted(set(people.values_list("email", flat=True)))


def to_editors(*, article, actor, subject: str, note: str = "", path: str = "") -> None:
    """E.g. "Submitted for review: <title>" to every member of Editors."""
    recipients = [email for email in editors_emails() if email != actor.email]
    body = "\n".join(
        line
        for line in (
            f"{author_name(actor)}: {subject.lower()} — “{article.title}”.",
            f"Note: {note}" if note else "",
            "",
            _absolute(path or reverse("admin:blog_article_change", args=[article.pk])),
        )
        if line is not None
    )
    sender = settings.DEFAULT_FROM_EMAIL
    _send([(f"{subject}: {article.title}", body, sender, [r]) for r in recipients])


def to_author(*, article, actor, subject: str, note: str = "") -> None:
    """E.g. "Published: <title>" or "Returned: <title>" to the article's author."""
    author = article.author
    if not author.email or author.pk == actor.pk:
        return
    lines = [
        f"{author_name(actor)}: {subject.lower()} — “{article.title}”.",
        f"Note: {note}" if note else "",
        "",
        _absolute(reverse("admin:blog_article_change", args=[article.pk])),
    ]
    if article.is_public:
        lines.append(_absolute(article.get_absolute_url()))
    sender = settings.DEFAULT_FROM_EMAIL
    _send([(f"{subject}: {article.title}", "\n".join(lines), sender, [author.email])])
