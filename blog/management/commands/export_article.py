"""Write an article as Markdown that import_article reads back to the same structure."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.exporter import article_markdown
from blog.models import Article


class Command(BaseCommand):
    help = (
        "Write the article with this slug as Markdown (title, standfirst, lede, ## headings "
        "with their kind labels, bodies) to standard output or --output FILE."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--output", default="", help="Write to this file instead.")

    def handle(self, *args, slug, output, **options):
        article = (
            Article.objects.filter(slug__iexact=slug).prefetch_related("sections__kind").first()
        )
        if article is None:
            raise CommandError(f"No article with the slug “{slug}”.")
        markdown = article_markdown(article)
        if not output:
            self.stdout.write(markdown, ending="")
            return
        try:
            Path(output).write_text(markdown, encoding="utf-8", newline="\n")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from None
        self.stdout.write(f"Wrote “{article.title}” to {output}")
