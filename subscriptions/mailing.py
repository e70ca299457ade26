"""Announcing published articles: queue once per article after commit, send in batches.

``announce`` runs after the commit that published an article (a signal: decoupled upkeep) and
from ``send_newsletters`` for scheduled articles whose moment has come (no save happens then).
``send_batch`` is what the timer runs: it claims queued deliveries (status → sending, in one
short transaction), sends them outside any transaction over one connection, then records each
outcome. A delivery is claimed once, so it is sent at most once even with two senders at once.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from blog.models import Article

from .emails import article_email
from .models import Announcement, Delivery, Subscriber

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# Scheduled articles are announced by the sender when their moment comes; anything public for
# longer than this without an announcement (the back catalogue) is never announced.
ANNOUNCE_WINDOW = timedelta(days=2)


def recipients_for(article: Article):
    """Confirmed subscribers who follow everything or one of the article's tags."""
    tag_ids = list(article.tags.values_list("pk", flat=True))
    return (
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
        .filter(Q(tags__isnull=True) | Q(tags__in=tag_ids))
        .distinct()
    )


def announce(article_id: int, *, now=None) -> int:
    """Queue one email per recipient for a newly public article, once; returns how many.

    Only an article made public within ``ANNOUNCE_WINDOW`` is announced, so editing an old
    article (or installing this app on a site with a back catalogue) emails nobody.
    """
    now = now or timezone.now()
    recent = Article.objects.published().filter(published_at__gte=now - ANNOUNCE_WINDOW)
    article = recent.filter(pk=article_id).first()
    if article is None:
        return 0
    try:
        with transaction.atomic():
            announcement = Announcement.objects.create(article=article)
            ids = list(recipients_for(article).values_list("pk", flat=True))
            Delivery.objects.bulk_create(
                [Delivery(article=article, subscriber_id=pk) for pk in ids],
                batch_size=1000,
                ignore_conflicts=True,
            )
            announcement.recipients = len(ids)
            announcement.save(update_fields=["recipients"])
    except IntegrityError:
        return 0  # announced before: republishing or a second save sends nothing
    return len(ids)


def announce_due(now=None) -> int:
    """Announce articles that became public without a save (scheduled ones)."""
    now = now or timezone.now()
    due = (
        Article.objects.published()
        .filter(published_at__gte=now - ANNOUNCE_WINDOW)
        .filter(~Exists(Announcement.objects.filter(article=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
    return sum(announce(pk, now=now) for pk in list(due))


def article_published(sender, instance: Article, **kwargs) -> None:
    """Receiver for Article post_save: announce after the commit, if it is now public."""
    if kwargs.get("raw") or not instance.is_public:
        return
    article_id = instance.pk
    transaction.on_commit(lambda: announce(article_id), robust=True)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.failed} failed, {self.skipped} skipped"


def send_batch(*, limit: int = BATCH_SIZE) -> SendReport:
    """Send up to ``limit`` queued emails; see the module docstring."""
    report = SendReport()
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=Delivery.Status.QUEUED)
            .order_by("id")
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SENDING
        )
    if not ids:
        return report
    deliveries = Delivery.objects.filter(pk__in=ids).select_related("article", "subscriber")
    connection = get_connection()
    try:
        connection.open()
        for delivery in deliveries.order_by("id"):
            _send_one(delivery, connection, report)
    finally:
        connection.close()
    return report


def _send_one(delivery: Delivery, connection, report: SendReport) -> None:
    update = {}
    if not delivery.subscriber.receives_mail or not delivery.article.is_public:
        update = {"status": Delivery.Status.SKIPPED}
        report.skipped += 1
    else:
        try:
            connection.send_messages([article_email(delivery.article, delivery.subscriber)])
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Could not send delivery %s: %s", delivery.pk, error)
            update = {"status": Delivery.Status.FAILED, "error": str(error)[:300]}
            report.failed += 1
        else:
            update = {"status": Delivery.Status.SENT, "sent_at": timezone.now()}
            report.sent += 1
    Delivery.objects.filter(pk=delivery.pk).update(**update)
