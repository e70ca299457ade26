"""Time every list page and EXPLAIN ANALYZE every query it runs, on a generated site.

    DATABASE_URL=postgres://…/broadsheet_scale .venv/bin/python bench/explain.py \\
        --label 100k [--plans bench/plans]

Renders each page (page cache and fragments off) through Django's test client: median time
of 15 renders and its queries; with ``--plans`` each query's ``EXPLAIN (ANALYZE, BUFFERS)``
is written to ``<plans>/<label>/<page>.txt``. Run it on sites made by bench/generate.py at
two sizes and compare the medians (issue 10: within 1.3x from 1k to 100k articles).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", required=True)
    parser.add_argument("--plans", type=Path)
    parser.add_argument("--renders", type=int, default=15)
    parser.add_argument("--only", help="comma-separated page names (default: every page)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["PAGE_CACHE"] = "0"
    os.environ["PAGE_FRAGMENTS"] = "0"  # the article built from the database, as it scales
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from blog import caching
    from blog.models import Article
    from blog.pagination import encode_cursor
    from blog.sitemaps import URLS_PER_PAGE
    from blog.tagging import Tag

    published = Article.objects.published().order_by("-published_at", "-id")
    pages = max(1, -(-published.count() // URLS_PER_PAGE))
    # The older page starts halfway down the list at every size (a page with articles and
    # tags on it; a keyset page costs the same at any depth).
    middle = published[published.count() // 2]
    tag = Tag.objects.order_by("name").first()
    author = middle.author
    article = Article.objects.published().order_by("-published_at")[5]
    urls = {
        "home": "/",
        "home-older": f"/?before={encode_cursor(middle.published_at, middle.pk)}",
        "tag": f"/tags/{tag.slug}/",
        "author": f"/authors/{author.username}/",
        "month": f"/archive/{middle.published_at.year}/{middle.published_at.month}/",
        "archive": "/archive/",
        "feed": "/feed/rss/",
        "tag-feed": f"/tags/{tag.slug}/feed/rss/",
        "sitemap-index": "/sitemap.xml",
        # After a change: each sitemap's page boundaries and the last edit, found again.
        "sitemap-rebuilt": "/sitemap.xml",
        "sitemap-page": "/sitemap-articles.xml" + ("?p=2" if pages > 1 else ""),
        "sitemap-last": f"/sitemap-articles.xml?p={pages}",
        "article": article.get_absolute_url(),
    }
    if args.only:
        urls = {name: urls[name] for name in args.only.split(",")}
    rebuilt = {"sitemap-rebuilt"}  # rendered as after a change: nothing remembered
    client = Client()
    print(f"{'page':16} {'median ms':>10} {'queries':>8}   ({args.label})")
    for name, url in urls.items():

        def get(name=name, url=url):
            if name in rebuilt:
                caching.invalidate(caching.SITEMAP)
            return client.get(url)

        response = get()
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(args.renders):
            started = time.perf_counter()
            get()
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            get()
        print(f"{name:16} {statistics.median(timings):10.1f} {len(queries):8d}", flush=True)
        if args.plans and connection.vendor == "postgresql":
            folder = args.plans / args.label
            folder.mkdir(parents=True, exist_ok=True)
            lines = [f"# {url}  ({args.label}; median {statistics.median(timings):.1f} ms)\n"]
            with connection.cursor() as cursor:
                for query in queries.captured_queries:
                    sql = query["sql"]
                    if not sql.lstrip().upper().startswith("SELECT"):
                        continue
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                    lines.append(f"\n## {sql}\n\n{plan}\n")
            (folder / f"{name}.txt").write_text("".join(lines))


if __name__ == "__main__":
    main()
