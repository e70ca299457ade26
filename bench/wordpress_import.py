"""Time the WordPress import on a large export: wall time and peak memory.

    .venv/bin/python bench/wordpress_import.py [--posts 10000] [--comments 100000] [--postgres]

Generates the export (``bench/wordpress_wxr.py``) unless ``--file`` names one, migrates a
scratch database (SQLite in a temporary folder; with ``--postgres``, a new database on
127.0.0.1 that is dropped afterwards), then runs ``manage.py import_wordpress`` in a child
process and reports its wall time and peak RSS, then the time of a second, no-op run. Not
part of ``make test``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def run(args: list[str], env: dict) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS in MB of the largest child so far, output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, cpu, after.ru_maxrss / 1024, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--file", help="An existing export to import instead.")
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="broadsheet-wp-bench-"))
    env = {
        **os.environ,
        "BROADSHEET_VAR_DIR": str(scratch),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    database = f"wpbench_{os.getpid()}"
    if args.postgres:
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {database}"],
            check=True,
            capture_output=True,
        )
    else:
        env.pop("DATABASE_URL", None)
    try:
        export = Path(args.file) if args.file else scratch / "export.xml"
        if not args.file:
            started = time.perf_counter()
            subprocess.run(
                [
                    PYTHON,
                    "bench/wordpress_wxr.py",
                    str(export),
                    "--posts",
                    str(args.posts),
                    "--comments",
                    str(args.comments),
                ],
                cwd=ROOT,
                check=True,
            )
            print(
                f"generated {export.stat().st_size / 1e6:.0f} MB "
                f"in {time.perf_counter() - started:.0f} s"
            )
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from django.contrib.auth.models import User;"
                "User.objects.create_superuser('owner', 'o@example.org', None)",
            ],
            env=env,
            cwd=ROOT,
            check=True,
        )
        command = [PYTHON, "manage.py", "import_wordpress", str(export)]
        seconds, cpu, peak, out = run(command, env)
        summary = [line for line in out.splitlines() if ":" in line][:10]
        backend = "PostgreSQL" if args.postgres else "SQLite"
        print(f"{backend}: first import {seconds:.1f} s ({cpu:.1f} s CPU), peak RSS {peak:.0f} MB")
        print("\n".join(summary))
        seconds, cpu, _, out = run(command, env)
        print(f"{backend}: second run (nothing new) {seconds:.1f} s ({cpu:.1f} s CPU)")
    finally:
        if args.postgres:
            subprocess.run(
                [
                    "psql",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "-c",
                    f"DROP DATABASE IF EXISTS {database}",
                ],
                check=False,
                capture_output=True,
            )


if __name__ == "__main__":
    main()
