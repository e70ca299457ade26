"""Generate a large site for scale measurements: articles, sections, tags and comments.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/broadsheet_scale \\
        .venv/bin/python bench/generate.py --articles 100000 --comments 1000000

Bulk inserts in batches (``bulk_create``, one transaction per batch): about two minutes per
100,000 articles with their sections and tags, and a few more per million comments. The
database must be a scratch one (it is migrated, then filled). Articles are spread over 15
years (180 archive months), 95 % published, with 20 tags and 10 authors; derived fields
(rendered HTML, word counts, comment thread roots) are filled as saving would fill them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    generate(args.articles, args.comments)


def generate(article_count: int, comment_count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from blog import markup
    from blog.models import Article, Section, SectionKind, count_words
    from blog.tagging import Tag, TaggedArticle
    from comments.models import Comment, body_fingerprint, render_body

    started = time.perf_counter()
    User = get_user_model()
    authors = [
        User.objects.get_or_create(username=f"scale{n}", defaults={"first_name": f"Writer {n}"})[0]
        for n in range(10)
    ]
    tags = [Tag.objects.get_or_create(name=f"topic {n}")[0] for n in range(20)]
    kinds = list(SectionKind.objects.all())
    intro = "A lede with *emphasis* and a [source](https://example.org/report).\n\n" * 2
    intro_html = markup.render_markdown(intro)
    body = "> “A quoted statement.”\n\nA paragraph of analysis, with numbers and a claim. " * 6
    body_html = markup.render_markdown(body)
    now = timezone.now()
    span = timedelta(days=15 * 365)
    first = Article.objects.order_by("-id").values_list("id", flat=True).first() or 0
    for start in range(0, article_count, BATCH):
        numbers = range(start, min(start + BATCH, article_count))
        with transaction.atomic():
            articles = Article.objects.bulk_create(
                [
                    Article(
                        title=f"Scale article {first + n}",
                        slug=f"scale-{first + n}",
                        dek="Why it matters, in one sentence.",
                        intro=intro,
                        intro_html=intro_html,
                        intro_word_count=count_words(intro_html),
                        author=authors[n % len(authors)],
                        status=Article.Status.DRAFT if n % 20 == 7 else Article.Status.PUBLISHED,
                        published_at=now - span * (n / article_count) - timedelta(minutes=1),
                    )
                    for n in numbers
                ],
                batch_size=BATCH,
            )
            Section.objects.bulk_create(
                [
                    Section(
                        article=article,
                        kind=kinds[index % len(kinds)],
                        heading=f"Part {index}",
                        body=body,
                        body_html=body_html,
                        word_count=count_words(body_html),
                        position=index,
                    )
                    for article in articles
                    for index in (1, 2)
                ],
                batch_size=BATCH,
            )
            TaggedArticle.objects.bulk_create(
                [
                    TaggedArticle(content_object=article, tag=tag)
                    for number, article in zip(numbers, articles, strict=True)
                    for tag in {tags[number % len(tags)], tags[(number * 7 + 3) % len(tags)]}
                ],
                batch_size=BATCH,
            )
        print(f"articles: {numbers.stop:,} ({time.perf_counter() - started:.0f} s)", flush=True)

    text = "A fair reading, though the *corridor* matters more. See [this](https://example.org)."
    html = render_body(text)
    ids = list(Article.objects.published().values_list("id", flat=True))
    per_article = max(1, comment_count // max(1, len(ids)))
    made = 0
    for start in range(0, len(ids), max(1, BATCH // per_article)):
        chunk = ids[start : start + max(1, BATCH // per_article)]
        with transaction.atomic():
            roots = Comment.objects.bulk_create(
                [
                    Comment(
                        article_id=article_id,
                        name=f"Reader {n}",
                        email=f"r{n}@example.org",
                        body=text,
                        body_html=html,
                        body_fingerprint=body_fingerprint(text),
                        status=Comment.Status.APPROVED,
                    )
                    for article_id in chunk
                    for n in range(per_article - per_article // 3)
                ],
                batch_size=BATCH,
            )
            Comment.objects.bulk_create(
                [
                    Comment(
                        article_id=root.article_id,
                        parent=root,
                        thread_root=root.pk,
                        name="Replier",
                        email="replier@example.org",
                        body=text,
                        body_html=html,
                        body_fingerprint=body_fingerprint(text),
                        status=Comment.Status.APPROVED,
                    )
                    for root in roots[:: max(1, (per_article - per_article // 3))]
                    for _ in range(per_article // 3)
                ],
                batch_size=BATCH,
            )
        made += len(chunk) * per_article
        if made // 100_000 != (made - len(chunk) * per_article) // 100_000:
            print(f"comments: ~{made:,} ({time.perf_counter() - started:.0f} s)", flush=True)
    from django.db import connection

    if connection.vendor == "postgresql":
        # As autovacuum would leave a site in use: statistics, and the visibility map that
        # lets index-only scans skip the table (freshly inserted rows all need heap fetches).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"done in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
