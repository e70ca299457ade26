"""Scale benchmark: page latency and query counts with many articles.

    .venv/bin/python bench/run.py [--articles 2000] [--requests 50]

Runs against a throwaway SQLite database in a temporary folder (or DATABASE_URL if set, which
must then point at a scratch database: it is migrated and filled). Reports the median and p95
time of each page through Django's test client, and its SQL query count, so a regression in
either shows. Not part of `make test`: timings belong here, not in unit tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="broadsheet-bench-")
    os.environ.setdefault("BROADSHEET_VAR_DIR", scratch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed(args.articles)
    measure(args.requests)


def seed(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from blog.models import Article, Section, SectionKind

    kinds = list(SectionKind.objects.all())
    author, _ = get_user_model().objects.get_or_create(username="bench")
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        for number in range(count):
            article = Article.objects.create(
                title=f"Benchmark article {number}",
                slug=f"bench-{number}",
                dek="A standfirst.",
                intro="A lede with *emphasis* and a [link](https://example.org).\n\n" * 3,
                author=author,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=number),
            )
            article.tags.set([f"tag-{number % 20}", "all"])
            for position, kind in enumerate(kinds, start=1):
                Section.objects.create(
                    article=article,
                    kind=kind,
                    heading=f"Heading {position}",
                    body="> “A quoted statement.”\n\nA paragraph of analysis. " * 8,
                    position=position,
                )
    print(f"seeded {count} articles in {time.perf_counter() - started:.1f}s")


def measure(requests: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from blog.models import Article
    from blog.pagination import encode_cursor

    client = Client()
    deep = Article.objects.published().order_by("-published_at", "-id")[1000:1001].first()
    pages = {
        "home": "/",
        "home, page 100 (cursor)": f"/?before={encode_cursor(deep.published_at, deep.pk)}"
        if deep
        else "/",
        "article": Article.objects.published().first().get_absolute_url(),
        "tag page": "/tags/tag-3/",
        "rss feed": "/feed/rss/",
        "sitemap": "/sitemap.xml",
    }
    print(f"{'page':28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, url in pages.items():
        client.get(url)  # warm caches and connections
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{name:28} {statistics.median(timings):10.1f} {p95:8.1f} {len(queries):8d}")


if __name__ == "__main__":
    main()
