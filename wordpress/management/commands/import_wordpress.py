from django.core.management.base import BaseCommand, CommandError

from wordpress.models import ImportRun
from wordpress.services import WXRError, import_wxr


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR): posts, comments, tags, authors, pages, affiliate "
        "links and redirects from the old addresses. All or nothing; re-runs add only what is new."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The WXR file (Tools → Export in WordPress).")
        parser.add_argument("--dry-run", action="store_true", help="Report only; write nothing.")
        parser.add_argument(
            "--default-author", metavar="USERNAME", help="The author of posts without one."
        )
        parser.add_argument(
            "--media-root", metavar="DIR", help="A copy of the site's wp-content/uploads."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Rewrite posts and pages imported before from the file, even if edited since.",
        )

    def handle(self, *args, path, dry_run, default_author, media_root, update, **options):
        try:
            report = import_wxr(
                path,
                dry_run=dry_run,
                default_author=default_author,
                media_root=media_root,
                update=update,
            )
        except WXRError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        if not dry_run:
            ImportRun.objects.create(
                file_name=str(path)[-255:], site=report.site[:200], succeeded=True,
                report=report.text(),
            )  # fmt: skip
        self.stdout.write(report.text())
