"""Following by email: asking, confirming, leaving, and the owner's status changes.

Views and the admin call these; each is one multi-step write (HackSoft style).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from blog.models import Tag
from config.ratelimit import LimiterUnavailable, RateLimit, over_limit

from . import emails
from .models import Subscriber
from .tokens import read_confirmation_token

logger = logging.getLogger(__name__)

# Per client network: a handful of sign-ups an hour is plenty for people, and caps how many
# confirmation emails one client can make the site send to other people's addresses.
CLIENT_LIMIT = RateLimit(count=5, seconds=60 * 60)
# Per address: at most one confirmation email in this many seconds, whoever asks.
ADDRESS_QUIET_SECONDS = 10 * 60


class RateLimited(Exception):
    pass


@dataclass(frozen=True)
class Confirmation:
    subscriber: Subscriber
    created: bool


def normalise_email(email: str) -> str:
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


def request_subscription(*, email: str, tags: list[Tag], ip: str) -> bool:
    """Send a confirmation link to ``email`` (after commit); store nothing.

    Returns False when the email was not sent because this address had one moments ago (the
    reader is told the same either way). Raises ``RateLimited`` for a client asking too often.
    """
    try:
        if over_limit(ip, CLIENT_LIMIT, scope="subscribe"):
            raise RateLimited
    except LimiterUnavailable:
        pass  # the per-address quiet period below still limits mail to any one address
    email = normalise_email(email)
    address_key = "subscribe:addr:" + hashlib.sha256(email.casefold().encode()).hexdigest()
    try:
        if not cache.add(address_key, 1, timeout=ADDRESS_QUIET_SECONDS):
            return False
    except Exception:
        logger.warning("Subscription address throttle unavailable.", exc_info=True)
    tag_ids = sorted(tag.pk for tag in tags)
    transaction.on_commit(lambda: emails.send_confirmation(email, tag_ids), robust=True)
    return True


@transaction.atomic
def confirm(*, token: str) -> Confirmation | None:
    """Turn a confirmation link into a confirmed subscriber (new, returning or re-choosing)."""
    parsed = read_confirmation_token(token)
    if parsed is None:
        return None
    email, tag_ids = parsed
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    created = subscriber is None
    if created:
        subscriber = Subscriber(email=email, confirmed_at=now, status_changed_at=now)
    elif subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = subscriber.status_changed_at = now
    subscriber.full_clean()
    subscriber.save()
    subscriber.tags.set(Tag.objects.filter(pk__in=tag_ids))
    return Confirmation(subscriber=subscriber, created=created)


def set_status(*, subscriber: Subscriber, status: str, note: str = "") -> bool:
    """The one way a subscriber's status changes (unsubscribe link, the owner's admin)."""
    if subscriber.status == status and not note:
        return False
    subscriber.status = status
    subscriber.status_changed_at = timezone.now()
    if note:
        subscriber.note = note[:300]
    subscriber.full_clean()
    subscriber.save(update_fields=["status", "status_changed_at", "note"])
    return True


def unsubscribe(*, subscriber: Subscriber) -> bool:
    if subscriber.status != Subscriber.Status.CONFIRMED:
        return False
    return set_status(subscriber=subscriber, status=Subscriber.Status.UNSUBSCRIBED)
