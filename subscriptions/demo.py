"""Demo data: one confirmed subscriber with the newest article queued for them, so that
``make run`` shows ``send_newsletters`` printing an email (console backend)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from blog.models import Article

from .models import Announcement, Delivery, Subscriber

DEMO_EMAIL = "reader@example.com"


def load_demo(*, stdout) -> None:
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(
            email=DEMO_EMAIL, defaults={"confirmed_at": now, "status_changed_at": now}
        )
        if not created:
            return
        newest = Article.objects.published().order_by("-published_at", "-id").first()
        if newest is None:
            return
        Announcement.objects.get_or_create(article=newest)
        Delivery.objects.get_or_create(article=newest, subscriber=subscriber)
    stdout.write(
        f"Demo subscriber: {DEMO_EMAIL}, with “{newest.title}” queued "
        "(python manage.py send_newsletters prints it)."
    )
