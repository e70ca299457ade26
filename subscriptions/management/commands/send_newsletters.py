"""Send queued new-article emails in one batch; run it from a timer every few minutes."""

from django.core.management.base import BaseCommand

from subscriptions import mailing


class Command(BaseCommand):
    help = "Announce newly public scheduled articles and send a batch of queued emails."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=mailing.BATCH_SIZE)

    def handle(self, *args, limit, **options):
        announced = mailing.announce_due()
        report = mailing.send_batch(limit=max(1, limit))
        self.stdout.write(f"Queued {announced} new email(s); {report}.")
