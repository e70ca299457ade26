"""CPU per request through the WSGI application, without sockets: steady numbers on a busy
machine, for comparing the page cache's hit path with WhiteNoise's (the ratio `make bench`
measures over HTTP).

    .venv/bin/python bench/wsgi_cost.py [--requests 2000] [--redis redis://127.0.0.1:6379/14]

Builds the bench site (bench/sample_site.py) in a throwaway SQLite database, runs
`collectstatic` as production does, and calls `config.wsgi.application` directly with each
target's environ, reading the whole body. Prints microseconds of CPU per request and each
target's ratio to the static file.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def environ(path: str, query: str = "") -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": "wrk",
    }


def call(application, path: str) -> tuple[str, int]:
    status = []
    body = application(environ(path), lambda s, headers, exc=None: status.append(s))
    size = 0
    try:
        if hasattr(body, "filelike"):
            size = len(body.filelike.read())
        else:
            for chunk in body:
                size += len(chunk)
    finally:
        if hasattr(body, "close"):
            body.close()
    return status[0], size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--redis", default="")
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="broadsheet-wsgi-cost-"))
    os.environ.update({
        "BROADSHEET_VAR_DIR": str(var), "STATIC_ROOT": str(var / "static"), "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 60, "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    })  # fmt: skip
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.core.management import call_command

    from bench import sample_site

    call_command("migrate", verbosity=0)
    urls = sample_site.build()
    call_command("collectstatic", "--noinput", verbosity=0)
    caches["pages"].clear()
    from config.wsgi import application

    stylesheet = next((Path(settings.STATIC_ROOT) / "css").glob("site.*.css")).name
    targets = {
        "WhiteNoise static file": (f"/static/css/{stylesheet}", True),
        "minimal view (robots.txt)": ("/robots.txt", True),
        "article, page cache": (urls["article"], True),
        "heavy article, page cache": (urls["heavy"], True),
        "article, PAGE_CACHE=0": (urls["article"], False),
        "heavy article, PAGE_CACHE=0": (urls["heavy"], False),
        "home, PAGE_CACHE=0": ("/", False),
        "tag, PAGE_CACHE=0": (urls["tag"], False),
    }
    results = {}
    for name, (path, cached) in targets.items():
        settings.PAGE_CACHE["ENABLED"] = cached
        for _ in range(20):
            status, size = call(application, path)
            assert status.startswith("200"), (path, status)
        count = args.requests if cached else max(50, args.requests // 20)
        started = time.process_time()
        for _ in range(count):
            call(application, path)
        results[name] = (time.process_time() - started) / count * 1e6, size
    ceiling = results["WhiteNoise static file"][0]
    print("| target | µs CPU per request | bytes | req/s of one core | ratio to static file |")
    print("|---|---:|---:|---:|---:|")
    for name, (micros, size) in results.items():
        print(f"| {name} | {micros:,.0f} | {size:,} | {1e6 / micros:,.0f} | "
              f"{ceiling / micros:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
