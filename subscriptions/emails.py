"""The emails of following by email: plain text, absolute links, no tracking of any kind."""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from blog.models import Article, Tag

from .models import Subscriber
from .tokens import confirmation_token, unsubscribe_token


def absolute(path: str) -> str:
    return urljoin(settings.BROADSHEET["SITE_URL"], path)


def one_line(text: str) -> str:
    """Header-safe: no newlines (header injection), no runs of spaces."""
    return " ".join(text.split())[:150]


def send_confirmation(email: str, tag_ids: list[int]) -> None:
    site = settings.BROADSHEET["SITE_NAME"]
    context = {
        "site_name": site,
        "confirm_url": absolute(
            reverse("subscriptions:confirm", args=[confirmation_token(email, tag_ids)])
        ),
        "tags": list(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True)),
    }
    body = render_to_string("subscriptions/email/confirm.txt", context)
    EmailMessage(one_line(f"Confirm: new articles from {site} by email"), body, to=[email]).send()


def unsubscribe_url(subscriber: Subscriber) -> str:
    return absolute(reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscriber.pk)]))


def article_email(article: Article, subscriber: Subscriber) -> EmailMessage:
    link = unsubscribe_url(subscriber)
    context = {
        "site_name": settings.BROADSHEET["SITE_NAME"],
        "article": article,
        "article_url": absolute(article.get_absolute_url()),
        "unsubscribe_url": link,
    }
    return EmailMessage(
        one_line(article.title),
        render_to_string("subscriptions/email/article.txt", context),
        to=[subscriber.email],
        headers={
            # RFC 8058 one-click unsubscribe (RFC 2369 List-Unsubscribe carries the link).
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Precedence": "bulk",
        },
    )
