"""Pathological inputs: does any renderer's (or the importer's) time grow faster than its input?

    .venv/bin/python bench/pathological.py [--scale 1.0] [--timeout 120] [--only www,brackets]

For every text a person can type that is rendered or parsed — a section body, the lede, a
comment, the affiliate disclosure, a draft pasted into the importer — and for each hostile
shape (``www.a.`` repeated, ``[`` runs, emphasis runs, ``<`` runs, link chains, deep ``>``
quotes, backtick runs…), time the real save path at size n and 10n and print the ratio. Linear
work gives ~10×; the target is ≤ 15×; quadratic work gives ~100×. Each measurement runs in a
forked child with a timeout, so a quadratic case reports "> timeout" instead of hanging.

Sizes follow each field's limit (10n is the maximum a person can submit): section and lede
10,000 → 100,000 characters, disclosure and comment 500 → 5,000, importer
100,000 → 1,000,000 (its 1 MB cap). ``--scale`` multiplies n (e.g. 0.2 for a quick run).
Throwaway SQLite database in a temporary folder; not part of ``make test``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


CASES: dict[str, Callable[[int], str]] = {
    "www": repeat("www.a."),
    "urls": repeat("http://a.b/"),
    "url-chain": repeat("https://a.b/c?d=e&"),
    "emails": repeat("a@b."),
    "at-signs": repeat("a@"),
    "brackets": repeat("["),
    "close-brackets": repeat("]"),
    "link-chain": repeat("[a](b)"),
    "open-links": repeat("[a]("),
    "images": repeat("!["),
    "ref-labels": repeat("[a]: "),
    "stars": repeat("*"),
    "star-words": repeat("*a"),
    "nested-emphasis": repeat("*a **b _c "),
    "underscores": repeat("_a"),
    "tildes": repeat("~~a"),
    "lt": repeat("<"),
    "open-tags": repeat("<a "),
    "html-comments": repeat("<!--"),
    "entities": repeat("&#"),
    "quotes-deep": repeat(">"),
    "quote-lines": repeat("> a\n"),
    "lists-deep": repeat("- "),
    "backticks": repeat("`"),
    "backtick-runs": repeat("`a``"),
    "pipes": repeat("|"),
    "footnotes": repeat("[^a"),
    "newlines": repeat("\n"),
    "short-lines": repeat("a\n"),
    "prose": repeat("Sanctions relief, *carefully* staged, is [news](https://example.org). "),
}

# target: (n at scale 1, function(text, article) -> None); each measurement gets a new,
# empty article, so no run pays for what earlier runs stored (search index, link usage).
TARGETS: dict[str, tuple[int, Callable[[str, object], None]]] = {}


def target(name: str, size: int):
    def register(function):
        TARGETS[name] = (size, function)
        return function

    return register


@target("section", 10_000)
def save_section(text: str, article) -> None:
    from blog.models import Section, SectionKind

    section = Section(
        article=article,
        kind=SectionKind.objects.get(slug="section"),
        heading="Heading",
        body=text,
    )
    section.full_clean()
    section.save()


@target("lede", 10_000)
def save_lede(text: str, article) -> None:
    article.intro = text
    article.full_clean()
    article.save()


@target("comment", 500)
def post_comment(text: str, article) -> None:
    from django.http import QueryDict

    from comments.services import submit_comment
    from comments.tokens import issue_form_token

    data = QueryDict(mutable=True)
    data.update(
        {
            "name": "Reader",
            "email": "reader@example.org",
            "body": text,
            "token": issue_form_token(article.pk, issued_at=time.time() - 60),
        }
    )
    submission = submit_comment(article=article, data=data, ip="203.0.113.9")
    assert submission.comment is not None, submission.form.errors


@target("disclosure", 500)
def save_disclosure(text: str, article) -> None:
    from affiliates.models import DisclosureSettings

    settings = DisclosureSettings.load()
    settings.text = text
    settings.full_clean(validate_unique=False)  # the one row; the admin's form does the same
    settings.save()


@target("importer", 100_000)
def import_draft(text: str, article) -> None:
    from blog.importer import plan_import

    plan_import("# A Title\n\n" + text)


def timed(name: str, case: str, size: int, queue) -> None:
    import uuid

    from django.contrib.auth import get_user_model

    from blog.models import Article

    text = CASES[case](size)
    article = Article.objects.create(
        title="Bench", slug=f"bench-{uuid.uuid4().hex}", status=Article.Status.PUBLISHED,
        author=get_user_model().objects.get(username="bench"),
    )  # fmt: skip
    started = time.perf_counter()
    try:
        TARGETS[name][1](text, article)
    except Exception as error:  # a refusal is an answer too; report it
        queue.put(("error", f"{type(error).__name__}: {str(error)[:60]}"))
        return
    queue.put(("ok", time.perf_counter() - started))


def measure(name: str, case: str, size: int, timeout: float) -> float | str:
    from django.db import connections

    connections.close_all()
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=timed, args=(name, case, size, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return f">{timeout:.0f}s"
    return queue.get()[1] if not queue.empty() else "crashed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--targets", default="", help="comma-separated targets")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="broadsheet-pathological-")
    os.environ.setdefault("BROADSHEET_VAR_DIR", scratch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    get_user_model().objects.get_or_create(username="bench")

    cases = [case for case in args.only.split(",") if case] or list(CASES)
    targets = [name for name in args.targets.split(",") if name] or list(TARGETS)
    print(f"{'target':11} {'case':16} {'n':>9} {'t(n) s':>8} {'t(10n) s':>9} {'ratio':>7}")
    worst: tuple[float, str] = (0.0, "")
    for name in targets:
        base = max(10, int(TARGETS[name][0] * args.scale))
        for case in cases:
            small = best_of(3, lambda: measure(name, case, base, args.timeout))  # noqa: B023
            large = best_of(2, lambda: measure(name, case, base * 10, args.timeout))  # noqa: B023
            if isinstance(small, float) and isinstance(large, float):
                ratio = large / small if small else float("inf")
                shown = f"{ratio:6.1f}×"
                if ratio > worst[0]:
                    worst = (ratio, f"{name}/{case}")
            else:
                shown = "   n/a"
            print(
                f"{name:11} {case:16} {base:9,d} {_fmt(small):>8} {_fmt(large):>9} {shown:>7}",
                flush=True,
            )
    if worst[1]:
        print(f"worst ratio: {worst[0]:.1f}× ({worst[1]}); target ≤ 15×")


def best_of(times: int, run: Callable[[], float | str]) -> float | str:
    results = [run() for _ in range(times)]
    timings = [result for result in results if isinstance(result, float)]
    return min(timings) if timings else results[0]


def _fmt(value: float | str) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    main()
