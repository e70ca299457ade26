"""Affiliate content costs a fixed number of queries, however many links and boxes there are."""

import itertools
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.affiliates.factories import make_link, place_box
from tests.caching import clear_cache

# Render costs: every request renders (the page cache would answer repeats for free).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

# tests/blog/test_views.py allows the article page 10 queries in all (8, and 2 for related
# reading); this app's share is 2
# on a cold cache (its boxes and embedded links in one query, the disclosure settings in
# another) and 1 on a warm one.
AFFILIATES_SHARE_COLD, AFFILIATES_SHARE_WARM = 2, 1
ARTICLE_PAGE_BUDGET = 10
_numbers = itertools.count(1)


def plain_article():
    return factories.make_article(sections=factories.standard_sections(), tags=["diplomacy"])


def affiliate_article(links: int, boxes: int):
    """``links`` aff: links spread over sections (a third of them as inline boxes) and
    ``boxes`` attached product boxes, half after a section and half at the end."""
    batch = next(_numbers)
    made = [make_link(slug=f"product-{batch}-{n}") for n in range(max(links, boxes))]
    sections = []
    for number, link in enumerate(made[:links]):
        body = (
            f"[{link.name}](aff:{link.slug}#box)"
            if number % 3 == 0
            else f"Read about [{link.name}](aff:{link.slug}) here."
        )
        sections.append(("section", f"Part {number}", body))
    intro = f"A lede with [a link](aff:{made[0].slug})."
    article = factories.make_article(sections=sections, tags=["diplomacy"], intro=intro)
    for number, link in enumerate(made[:boxes]):
        place_box(article, link, after_section=number + 1 if number % 2 else None, position=number)
    return article


def page_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


def article_page_queries(client, article) -> tuple[list[str], list[str]]:
    """(cold cache, warm cache) SQL of an article page."""
    clear_cache()
    cold = page_queries(client, article.get_absolute_url())
    return cold, page_queries(client, article.get_absolute_url())


def ours(queries: list[str]) -> list[str]:
    return [sql for sql in queries if '"affiliates_' in sql]


@pytest.mark.parametrize("size", [(10, 5), (20, 10)])
def test_article_with_many_links_and_boxes_costs_what_a_plain_one_does(client, size):
    """10 links + 5 boxes (and 20 + 10) render in the same queries as no affiliate content:
    no query per link, box, embed or section."""
    links, boxes = size
    heavy = affiliate_article(links, boxes)
    html = client.get(heavy.get_absolute_url()).content.decode()
    assert html.count('<aside class="product-box"') == boxes + len(range(0, links, 3))
    assert html.count('<aside class="affiliate-disclosure') == 1
    heavy_cold, heavy_warm = article_page_queries(client, heavy)
    plain_cold, plain_warm = article_page_queries(client, plain_article())
    assert (len(heavy_cold), len(heavy_warm)) == (len(plain_cold), len(plain_warm))


@pytest.mark.parametrize("size", [(10, 5), (20, 10)])
def test_affiliates_share_of_the_article_page(client, django_assert_max_num_queries, size):
    """This app adds at most 2 queries on a cold cache and 1 on a warm one, and the page
    stays within the site's budget of 10."""
    article = affiliate_article(*size)
    cold, warm = article_page_queries(client, article)
    assert len(ours(cold)) <= AFFILIATES_SHARE_COLD
    assert len(ours(warm)) <= AFFILIATES_SHARE_WARM
    clear_cache()
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        client.get(article.get_absolute_url())


@pytest.mark.parametrize("size", [2, 12])
def test_feed_with_affiliate_articles_reads_the_settings_once(client, size):
    """Feeds read the disclosure settings once (then from the cache), never once per entry."""
    for _ in range(size):
        affiliate_article(3, 0)
    clear_cache()
    queries = page_queries(client, "/feed/rss/")
    assert len(ours(queries)) == 1
    assert len(page_queries(client, "/feed/rss/")) == len(queries) - 1
    html = client.get("/feed/rss/").content.decode()
    assert html.count("affiliate-disclosure affiliate-disclosure--feed") == size


def statements_of_ours(client, url) -> list[tuple[str, tuple]]:
    """The SQL and parameters of this app's queries on a page, exactly as executed."""
    statements = []

    def remember(execute, sql, params, many, context):
        if '"affiliates_' in sql:
            statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(remember):
        assert client.get(url).status_code == 200
    return statements


def assert_finds_links_by_index(sql: str, params, *, links_used: int) -> None:
    """SQLite: the plan scans no table whole. PostgreSQL (it has row counts): the plan reads
    no more rows of the links table than the page uses — with table statistics, and with
    sequential scans ruled out, since tiny test tables would make them the cheaper choice."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = [row[-1] for row in cursor.fetchall()]
            assert not [step for step in plan if step.startswith("SCAN ")], plan
            return
        cursor.execute("ANALYZE affiliates_affiliatelink, affiliates_articleproduct")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    nodes, read = [(json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]], 0
    while nodes:
        node = nodes.pop()
        nodes.extend(node.get("Plans", []))
        if node.get("Relation Name") == "affiliates_affiliatelink":
            rows = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
            read += rows * node["Actual Loops"]
    assert read <= links_used, (sql, plan)


@pytest.mark.parametrize("embeds", [False, True], ids=["boxes", "boxes-and-embeds"])
def test_article_page_reads_only_its_own_links(client, embeds):
    """The page finds its links from its boxes (and embedded slugs) through indexes: it never
    scans the links table, so its cost does not grow with the number of links."""
    for number in range(60):
        make_link(slug=f"unrelated-{number}")
    make_link(slug="embedded")
    body = "[Embedded](aff:embedded#box)" if embeds else "No boxes in the text."
    article = factories.make_article(sections=[("section", "Part", body)])
    place_box(article, make_link(slug="boxed"))
    clear_cache()
    statements = statements_of_ours(client, article.get_absolute_url())
    assert len(statements) == AFFILIATES_SHARE_COLD  # the links, the disclosure settings
    for sql, params in statements:
        assert_finds_links_by_index(sql, params, links_used=2 if embeds else 1)


@pytest.mark.parametrize("others", [0, 40])
def test_article_without_affiliate_content_costs_one_query(client, others):
    """No boxes and no embeds: one indexed query (for boxes it does not have), no look-up of
    embedded links, and the disclosure settings from the cache; however many links exist."""
    for number in range(others):
        place_box(factories.make_article(), make_link(slug=f"elsewhere-{number}"))
    article = plain_article()
    client.get(article.get_absolute_url())  # warms the cache
    statements = statements_of_ours(client, article.get_absolute_url())
    assert len(statements) == 1
    assert_finds_links_by_index(*statements[0], links_used=0)
