"""What earlier WordPress imports created, so a re-run creates nothing twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportedItem(models.Model):
    """One WordPress object (post, page, comment, author…) and what it became here."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        PAGE = "page", "Page"
        COMMENT = "comment", "Comment"
        AUTHOR = "author", "Author"
        AFFILIATE = "affiliate", "Affiliate link"

    site = models.CharField(max_length=200, help_text="The WordPress blog's address.")
    kind = models.CharField(max_length=10, choices=Kind)
    wp_id = models.CharField("WordPress ID", max_length=100)
    object_id = models.BigIntegerField(help_text="The primary key of what it became.")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="wp_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.kind} {self.wp_id}"


class ImportRun(models.Model):
    """A run from the admin or the command: who, which file, what the report said."""

    started_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    site = models.CharField(max_length=200, blank=True)
    dry_run = models.BooleanField(default=False)
    succeeded = models.BooleanField(default=False)
    report = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "WordPress import"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"
