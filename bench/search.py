"""Search benchmark: index build time and search page latency at scale.

    .venv/bin/python bench/search.py [--articles 10000] [--requests 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/broadsheet_bench_search \
        .venv/bin/python bench/search.py --articles 100000

Fills a throwaway SQLite database (or DATABASE_URL, which must be a scratch database: it is
migrated, emptied and filled) with articles of ~300 words drawn from a Zipf-like vocabulary,
builds the index with ``rebuild_search_index``, then times ``GET /search/`` (page cache off)
through Django's test client for common, mid-frequency and rare words, two words, a tag
filter, a deep page and a query with no results. Reports median and p95 milliseconds and
the query count.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VOCABULARY = 6000
SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "da", "gu", "zo", "ber", "tal"]


def word(rank: int) -> str:
    """A deterministic pseudo-word for a vocabulary rank (rank 0 is the most common)."""
    parts, n = [], rank + 1
    while n:
        n, digit = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts) + "x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the articles and index already there"
    )
    args = parser.parse_args()

    if "BROADSHEET_VAR_DIR" not in os.environ:
        os.environ["BROADSHEET_VAR_DIR"] = tempfile.mkdtemp(prefix="broadsheet-bench-search-")
        print(f"scratch folder: {os.environ['BROADSHEET_VAR_DIR']}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["PAGE_CACHE"] = "0"  # the render is measured: a stored page would answer
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from blog.models import Article

    count = Article.objects.count() if args.reuse else args.articles
    print(f"database: {connection.vendor}, articles: {count}")
    if not args.reuse:
        seed(args.articles)
        started = time.perf_counter()
        call_command("rebuild_search_index", stdout=sys.stdout)
        print(f"index built in {time.perf_counter() - started:.1f}s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    measure(args.requests)


def seed(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from blog.models import Article, Section, SectionKind, Tag
    from blog.tagging import TaggedArticle
    from search.models import SearchEntry

    rng = random.Random(12)
    weights = [1 / (rank + 1) for rank in range(VOCABULARY)]
    vocabulary = [word(rank) for rank in range(VOCABULARY)]

    def words(n: int) -> str:
        return " ".join(rng.choices(vocabulary, weights, k=n))

    started = time.perf_counter()
    SearchEntry.objects.all().delete()
    Article.objects.all().delete()
    kinds = list(SectionKind.objects.all())[:3]
    author, _ = get_user_model().objects.get_or_create(username="bench")
    tags = [Tag.objects.get_or_create(name=f"tag-{n}", slug=f"tag-{n}")[0] for n in range(20)]
    now = timezone.now()
    batch = 2000
    for start in range(0, count, batch):
        with transaction.atomic():
            articles = []
            for number in range(start, min(start + batch, count)):
                lede = words(60)
                articles.append(
                    Article(
                        title=f"{words(6).capitalize()} {number}",
                        slug=f"bench-{number}",
                        dek=words(20),
                        intro=lede,
                        intro_html=f"<p>{lede}</p>",
                        author=author,
                        status=Article.Status.PUBLISHED,
                        published_at=now - timedelta(minutes=number),
                    )
                )
            articles = Article.objects.bulk_create(articles)
            sections, tagged = [], []
            for article in articles:
                for position, kind in enumerate(kinds, start=1):
                    text = words(70)
                    sections.append(
                        Section(
                            article=article,
                            kind=kind,
                            heading=words(4),
                            body=text,
                            body_html=f"<p>{text}</p>",
                            position=position,
                        )
                    )
                tag = tags[article.pk % len(tags)]
                tagged.append(TaggedArticle(tag=tag, content_object=article))
            Section.objects.bulk_create(sections)
            TaggedArticle.objects.bulk_create(tagged)
    print(f"seeded {count} articles in {time.perf_counter() - started:.1f}s")


def measure(requests: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    cases = [
        ("commonest word", {"q": word(0)}),
        ("frequent word", {"q": word(60)}),
        ("rare word", {"q": word(5000)}),
        ("two words", {"q": f"{word(3)} {word(40)}"}),
        ("commonest word + tag filter", {"q": word(0), "tag": "tag-3"}),
        ("commonest word, page 10", {"q": word(0), "page": 10}),
        ("no results", {"q": "zzzqqq"}),
    ]
    print(
        f"{'search':30} {'matches':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'shown':>6}"
    )
    for label, params in cases:
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get("/search/", params)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/", params)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        hits = response.content.decode().count("search-result__title")
        print(
            f"{label:30} {matches(params['q']):8d} {statistics.median(timings):10.1f} "
            f"{p95:8.1f} {len(queries):8d} {hits:6d}"
        )


def matches(text: str) -> int:
    """How many indexed articles contain every word (for the report; not timed)."""
    from django.db import connection

    from search.query import _fts_query, search_language, terms

    words = terms(text)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM search_searchentry "
                "WHERE vector @@ plainto_tsquery(%s::regconfig, %s)",
                [search_language(), " ".join(words)],
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", [_fts_query(words)]
            )
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
