"""Render every article's stored HTML again with today's rules (after an upgrade)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from blog import markup
from blog.models import Article, Section, count_words


class Command(BaseCommand):
    help = (
        "Render the lede and every section again from their Markdown and store the HTML where "
        "it changed, so sanitising rules added since (e.g. authors' class/id attributes "
        "dropped, images only from the site's media) apply to text saved before them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; store nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        articles = sections = 0
        for article in Article.objects.only("id", "slug", "intro", "intro_html").iterator(2000):
            html = markup.render_markdown(article.intro, context=article.markup_context())
            if html != article.intro_html:
                articles += 1
                if not dry_run:
                    # Through save(update_fields): the cache invalidation signals run, and
                    # the modification date stays (nothing the author wrote changed).
                    article.intro_html, article.intro_word_count = html, count_words(html)
                    article.save(update_fields=["intro_html", "intro_word_count"])
        queryset = Section.objects.select_related("article").only(
            "id", "body", "body_html", "heading", "position", "article_id", "article__slug"
        )
        for section in queryset.iterator(2000):
            html = markup.render_markdown(section.body, context=section.markup_context())
            if html != section.body_html:
                sections += 1
                if not dry_run:
                    section.save(update_fields=["body_html", "word_count"])
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"Ledes {verb}: {articles}; sections {verb}: {sections}.")
