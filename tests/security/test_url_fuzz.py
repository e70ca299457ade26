"""Threat: a crafted URL makes the site answer 500 (an error page, an alert, a crash loop).

Every URL pattern the resolver knows is walked with odd values in each of its parameters —
zero, negatives, numbers past every integer column, long strings, other scripts, encoded
slashes and NUL, invalid UTF-8 — and odd query strings. Out of range is 404 (or 400, 403,
405, a redirect): never 5xx. The run is bounded (a few thousand requests, a few seconds).
"""

from __future__ import annotations

import re
from itertools import product

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests import factories
from tests.affiliates.factories import make_link

pytestmark = pytest.mark.django_db

ODD_VALUES = [
    "0",
    "-1",
    "00000000000000000001",
    "12",
    "13",
    "1900",
    "9999",
    "10000",
    "2147483648",  # past a 32-bit integer column
    "9223372036854775808",  # past a 64-bit integer column
    "9" * 40,
    "1e9",
    "x" * 2000,
    "%E6%97%A5%E6%9C%AC%E8%AA%9E",  # 日本語
    "%F0%9F%8E%89",  # an emoji
    "%E2%80%AE",  # right-to-left override
    "%00",
    "a%00b",
    "%2F",
    "..%2F..%2Fetc%2Fpasswd",
    "%FF%FE",  # not UTF-8
    "%C0%AF",  # an overlong encoding of "/"
    "%20",
    "%0D%0ALocation:%20https://evil.example",
    "%3Cscript%3E",
    "%27%22",
    "%25",
    "~",
]
# What the other parameters hold while one is fuzzed: small valid numbers, December (the
# month whose "next month" is in the next year), and words.
BASELINES = ["1", "12", "word"]
ADMIN_VALUES = ["9223372036854775808", "x" * 300, "%00", "%2F", "%FF"]
# Query parameters the site's views read (cursors, sources, the admin's search and sort).
QUERY_NAMES = ["before", "from", "page", "p"]
ADMIN_QUERY_NAMES = ["q", "o", "p"]
QUERY_VALUES = ["9" * 40, "%00", "%FF", "1-" + "9" * 30, "x" * 2000]
PARAMETER = re.compile(r"<(?:\w+:)?\w+>")


def url_patterns(resolver=None, prefix=""):
    """(route with <parameters>, pattern) for every route the resolver knows."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            if isinstance(entry.pattern, RoutePattern):
                yield prefix + str(entry.pattern), entry
            else:  # a regex (admin's app index and catch-all): fuzz after its prefix
                yield prefix + "<fuzz>/", entry


def fill(route: str, values: list[str]) -> str:
    parts = PARAMETER.split(route)
    assert len(parts) == len(values) + 1
    return "/" + "".join(part + value for part, value in zip(parts, [*values, ""], strict=True))


def fuzzed_paths(route: str, odd_values: list[str], baselines: list[str]) -> set[str]:
    """Each parameter in turn takes every odd value while the others hold a baseline."""
    count = len(PARAMETER.findall(route))
    if count == 0:
        return {fill(route, [])}
    paths = set()
    for position, value, baseline in product(range(count), odd_values, baselines):
        values = [baseline] * count
        values[position] = value
        paths.add(fill(route, values))
    return paths


def server_errors(client: Client, paths, method: str = "get") -> list[tuple[str, int]]:
    errors = []
    for path in sorted(paths):
        response = getattr(client, method)(path)
        if response.status_code >= 500:
            errors.append((path, response.status_code))
    return errors


@pytest.fixture
def site():
    """One of everything the public URLs can name: an article, a tag, an author, a link."""
    article = factories.make_article(
        slug="word",
        author=factories.make_user(username="word"),
        tags=["word", "日本語"],
        sections=factories.standard_sections(),
    )
    make_link(slug="word")
    return article


def public_routes():
    return [route for route, _ in url_patterns() if not route.startswith("admin/")]


def test_the_archive_of_december_9999_is_not_found(client, site):
    """/archive/9999/12/ used to overflow computing January 10000: now 404."""
    assert client.get("/archive/9999/12/").status_code == 404
    assert client.get("/archive/9999/11/").status_code == 200
    assert client.get("/archive/1899/12/").status_code == 404


def test_a_nul_in_the_path_is_a_bad_request(client, site):
    """NUL can be in no address (nor in PostgreSQL text): 400 before any lookup is tried."""
    for url in ("/archive/%00/1/", "/no-such%00page/", "/authors/a%00b/"):
        assert client.get(url).status_code == 400, url


def test_every_public_url_with_odd_parameters_answers_without_a_server_error(site):
    """Every public route, each parameter fuzzed, answers below 500 to GET, HEAD and POST."""
    client = Client(raise_request_exception=False)
    paths = set()
    for route in public_routes():
        paths |= fuzzed_paths(route, ODD_VALUES, BASELINES)
    assert len(paths) > 200
    errors = server_errors(client, paths) + server_errors(client, paths, "head")
    errors += server_errors(client, [p for p in paths if p.startswith("/comments/")], "post")
    assert errors == []


def test_every_public_url_with_odd_query_strings_answers_without_a_server_error(site):
    """Cursors, page numbers and sources in the query string: odd values are 404 or ignored."""
    client = Client(raise_request_exception=False)
    paths = set()
    for route in public_routes():
        for path in fuzzed_paths(route, ["word"], ["word"]):
            paths |= {f"{path}?{name}={value}" for name in QUERY_NAMES for value in QUERY_VALUES}
    assert server_errors(client, paths) == []


def test_every_admin_url_with_odd_parameters_answers_without_a_server_error(admin_user, site):
    """The admin's routes, as the owner, with odd object ids and app names: never 5xx."""
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    paths = set()
    for route, _ in url_patterns():
        if route.startswith("admin/") and "logout" not in route:
            paths |= fuzzed_paths(route, ADMIN_VALUES, ["1"])
    changelists = {path for path in paths if path.count("/") == 4 and "<" not in path}
    paths |= {f"{path}?{name}={value}" for path in changelists for name in ADMIN_QUERY_NAMES
              for value in QUERY_VALUES}  # fmt: skip
    assert server_errors(client, paths) == []
