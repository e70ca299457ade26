"""Readers who follow the site by email, and each article's emails to them.

Nothing about an address is stored before its owner confirms (the confirmation link carries
the address and the chosen tags, signed). An article is announced once: ``Announcement`` is
unique per article, and ``Delivery`` is unique per (article, subscriber), so republishing,
a second save or two senders at once can never email anyone twice.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from blog.models import Article, Tag


class Subscriber(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Complained (marked as spam)"

        @property
        def receives_mail(self) -> bool:
            return self is Subscriber.Status.CONFIRMED

    email = models.EmailField(max_length=254, unique=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.CONFIRMED)
    tags = models.ManyToManyField(
        Tag,
        blank=True,
        related_name="+",
        help_text="Only articles with one of these tags; none means every new article.",
    )
    confirmed_at = models.DateTimeField()
    status_changed_at = models.DateTimeField()
    note = models.CharField(
        max_length=300, blank=True, help_text="The owner's note, e.g. the bounce message."
    )

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        indexes = [models.Index(fields=["status", "id"], name="subscriber_status_idx")]

    def __str__(self) -> str:
        return self.email

    @property
    def receives_mail(self) -> bool:
        return self.Status(self.status).receives_mail


class Announcement(models.Model):
    """The record that an article's emails were queued; one per article, ever."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-queued_at", "-id"]

    def __str__(self) -> str:
        return f"Announcement of “{self.article}”"

    def get_absolute_url(self) -> str:
        return reverse("blog:article", kwargs={"slug": self.article.slug})


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (no longer subscribed)"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=8, choices=Status, default=Status.QUEUED)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-queued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "subscriber"], name="delivery_once_per_article"
            )
        ]
        indexes = [
            # The sender's batch: queued rows, oldest first.
            models.Index(fields=["status", "id"], name="delivery_status_idx"),
        ]

    def __str__(self) -> str:
        return f"“{self.article}” to {self.subscriber}"
