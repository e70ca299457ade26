"""Profile the article page's render (page cache off): where the milliseconds go.

    .venv/bin/python bench/profile_article.py [--page heavy|article|home|tag] [--requests 50]

Builds the bench site (bench/sample_site.py) in a throwaway SQLite database, renders the page
``--requests`` times through Django's test client and prints the mean time per render and a
pyinstrument profile (``pip install pyinstrument``; it is not a dependency of the site).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="heavy")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("BROADSHEET_VAR_DIR", tempfile.mkdtemp(prefix="broadsheet-profile-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["PAGE_CACHE"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from bench import sample_site as site

    call_command("migrate", verbosity=0)
    url = site.build()[args.page]
    client = Client()
    assert client.get(url).status_code == 200
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.requests):
        client.get(url)
    mean = (time.perf_counter() - started) / args.requests * 1000
    cpu_mean = (time.process_time() - cpu) / args.requests * 1000
    print(f"{url}: {mean:.2f} ms per render, {cpu_mean:.2f} ms CPU ({args.requests} renders)")
    if args.no_profile:
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002)
    with profiler:
        for _ in range(args.requests):
            client.get(url)
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
