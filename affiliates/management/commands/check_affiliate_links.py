from django.core.management.base import BaseCommand, CommandError

from affiliates import conf, health
from affiliates.models import AffiliateLink


class Command(BaseCommand):
    help = (
        "Check every active affiliate destination (HEAD, then GET if needed), record its "
        "status and time, and list the broken ones. Exits 0 either way: broken links are a "
        "finding, not a failure of the check (filter them in the admin under Health)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, help="Seconds per request.")
        parser.add_argument("--workers", type=int, help="Destinations checked at once.")

    def handle(self, *args, timeout=None, workers=None, **options):
        timeout = timeout if timeout is not None else conf.get("HEALTH_CHECK_TIMEOUT")
        workers = workers if workers is not None else conf.get("HEALTH_CHECK_WORKERS")
        if timeout <= 0 or workers < 1:
            raise CommandError("--timeout must be positive and --workers at least 1.")
        links = list(AffiliateLink.objects.active().only("id", "name", "slug", "destination_url"))
        results = health.check_and_record(links, timeout=timeout, workers=workers)
        by_id = {link.pk: link for link in links}
        broken = [result for result in results if result.health == AffiliateLink.Health.BROKEN]
        for result in broken:
            link = by_id[result.link_id]
            problem = result.error or f"HTTP {result.status}"
            self.stdout.write(f"BROKEN {link.slug}: {problem} — {link.destination_url}")
        summary = f"Checked {len(results)} active link(s): {len(broken)} broken."
        self.stdout.write(self.style.WARNING(summary) if broken else self.style.SUCCESS(summary))
