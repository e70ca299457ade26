"""Forget the IP address and browser of comments older than the retention period."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from comments.models import Comment, ModerationSettings


class Command(BaseCommand):
    help = (
        "Clear the IP address and user agent of comments older than the retention period "
        "(Moderation settings in the admin). Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="Override the retention period set in the admin."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be cleared; change nothing."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = days if days is not None else ModerationSettings.load().retention_days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=days)
        stale = Comment.objects.filter(created_at__lt=cutoff).exclude(
            ip_address__isnull=True, user_agent=""
        )
        if dry_run:
            count = stale.count()
            self.stdout.write(f"{count} comment(s) older than {days} days would be cleared.")
            return
        count = stale.update(ip_address=None, user_agent="")
        self.stdout.write(
            self.style.SUCCESS(f"Cleared IP address and browser from {count} comment(s) "
                               f"older than {days} days.")
        )  # fmt: skip
