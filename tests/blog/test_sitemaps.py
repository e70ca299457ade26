"""Sitemap pages: every public article exactly once over all the pages the index names, each
page a seek whose cost does not grow with its number or the site's size."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from blog import caching
from blog.models import Article
from blog.sitemaps import ArticleSitemap, AuthorSitemap
from tests import factories

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PER_PAGE = 3


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    """Pages of three URLs, so a handful of articles spans several pages."""
    monkeypatch.setattr(ArticleSitemap, "limit", PER_PAGE)
    monkeypatch.setattr(AuthorSitemap, "limit", PER_PAGE)


def locations(content: bytes) -> list[str]:
    return [loc.text for loc in ElementTree.fromstring(content).iter(f"{SITEMAP}loc")]


def pages_of(client, section: str) -> list[str]:
    """The paths of ``section``'s pages, as the index at /sitemap.xml names them."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    prefix = f"http://testserver/sitemap-{section}.xml"
    return [
        url.removeprefix("http://testserver")
        for url in locations(index.content)
        if url.startswith(prefix)
    ]


def listed(client, section: str) -> list[list[str]]:
    """Each page's URLs, in the order the index names the pages."""
    pages = []
    for path in pages_of(client, section):
        response = client.get(path)
        assert response.status_code == 200, path
        pages.append(locations(response.content))
    return pages


def article_urls(articles) -> set[str]:
    return {f"http://testserver{article.get_absolute_url()}" for article in articles}


def every_url(pages: list[list[str]]) -> list[str]:
    return [url for page in pages for url in page]


def assert_each_once(pages: list[list[str]], expected: set[str]) -> None:
    every = every_url(pages)
    assert [url for url, seen in Counter(every).items() if seen > 1] == []
    assert set(every) == expected
    assert all(len(page) <= PER_PAGE for page in pages)


def make_published(author, count: int, *, at=None) -> list[Article]:
    """``count`` public articles, minutes apart (or all at one moment, ``at``)."""
    return [factories.make_article(author=author, published_at=at) if at else
            factories.make_article(author=author) for _ in range(count)]  # fmt: skip


def test_every_public_article_is_on_exactly_one_page(client, author):
    """Ten articles over four pages of three: the union is every public article, once; drafts,
    articles in review and scheduled ones are on none."""
    published = make_published(author, 10)
    hidden = [
        factories.make_article(author=author, status=Article.Status.DRAFT),
        factories.make_article(author=author, status=Article.Status.REVIEW),
        factories.make_article(author=author, published_at=timezone.now() + timedelta(hours=1)),
    ]
    assert pages_of(client, "articles") == [
        "/sitemap-articles.xml",
        *(f"/sitemap-articles.xml?p={n}" for n in (2, 3, 4)),
    ]
    pages = listed(client, "articles")
    assert [len(page) for page in pages] == [3, 3, 3, 1]
    assert_each_once(pages, article_urls(published))
    assert article_urls(hidden).isdisjoint(every_url(pages))


def test_pages_run_newest_first(client, author):
    """Page 1 holds the newest articles, the last page the oldest, in date order throughout."""
    published = make_published(author, 7)  # the factory makes each one older than the last
    assert every_url(listed(client, "articles")) == [
        f"http://testserver{article.get_absolute_url()}" for article in published
    ]


def test_articles_published_at_the_same_moment_are_split_across_pages_without_loss(client, author):
    """Ties on the date are broken by id, so a page boundary inside a tie loses nothing."""
    moment = timezone.now() - timedelta(days=1)
    published = [*make_published(author, 8, at=moment), *make_published(author, 3)]
    assert_each_once(listed(client, "articles"), article_urls(published))


def test_an_exact_multiple_of_the_page_size_makes_no_empty_page(client, author):
    """Six articles make two full pages, not a third empty one."""
    published = make_published(author, 6)
    pages = listed(client, "articles")
    assert [len(page) for page in pages] == [3, 3]
    assert_each_once(pages, article_urls(published))


@pytest.mark.parametrize("page", ["4", "0", "-1", "two", "1.5", "01", "+1", " 1", "١", "02"])
@pytest.mark.parametrize("section", ["articles", "pages"])
def test_pages_past_the_end_or_malformed_are_not_found(client, author, page, section):
    """With three pages, ?p=4 and anything that is not a page number as the index writes it
    (another spelling of 1 would be one more address of the page to store) answer 404."""
    make_published(author, 8)
    assert client.get(f"/sitemap-{section}.xml", {"p": page}).status_code == 404


def test_an_empty_site_has_one_empty_page(client, db):
    """No public article: the index still names the articles' page, which lists nothing."""
    assert pages_of(client, "articles") == ["/sitemap-articles.xml"]
    assert listed(client, "articles") == [[]]
    assert client.get("/sitemap-articles.xml?p=2").status_code == 404


def test_publishing_and_withdrawing_repaginate_at_once(client, author):
    """A new article pushes the others along and a withdrawn one leaves a gap that closes:
    after either, every public article is still listed exactly once."""
    published = make_published(author, 6)
    assert_each_once(listed(client, "articles"), article_urls(published))
    newest = factories.make_article(author=author, published_at=timezone.now())
    pages = listed(client, "articles")
    assert [len(page) for page in pages] == [3, 3, 1]
    assert_each_once(pages, article_urls([newest, *published]))
    published[2].status = Article.Status.DRAFT
    published[2].save()
    pages = listed(client, "articles")
    assert [len(page) for page in pages] == [3, 3]
    assert_each_once(pages, article_urls([newest, *published[:2], *published[3:]]))


def test_a_scheduled_article_is_listed_when_its_time_comes(client, author, monkeypatch):
    """No save happens at publication time; the remembered page boundaries are computed again."""
    make_published(author, 5)
    when = timezone.now() + timedelta(minutes=5)
    scheduled = factories.make_article(author=author, published_at=when)
    assert article_urls([scheduled]).isdisjoint(every_url(listed(client, "articles")))
    later = when + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("blog.caching.time.time", lambda: later.timestamp())
    pages = listed(client, "articles")
    assert [len(page) for page in pages] == [3, 3]
    assert article_urls([scheduled]) <= set(every_url(pages))


def test_author_pages_are_paged_the_same_way(client, db):
    """Seven people with a public article over three pages, each once; one with only a draft
    and a deactivated author are on none."""
    writers = [factories.make_user(username=f"writer{n}") for n in range(7)]
    for person in writers:
        factories.make_article(author=person)
    drafter = factories.make_user(username="drafter")
    factories.make_article(author=drafter, status=Article.Status.DRAFT)
    gone = factories.make_user(username="gone", is_active=False)
    factories.make_article(author=gone)
    pages = listed(client, "authors")
    assert [len(page) for page in pages] == [3, 3, 1]
    assert_each_once(pages, {f"http://testserver/authors/{p.username}/" for p in writers})


def test_pages_are_cached_until_an_article_changes(client, author):
    """A second request for a page is a hit; publishing an article refreshes it."""
    make_published(author, 5)
    client.get("/sitemap-articles.xml?p=2")
    assert client.get("/sitemap-articles.xml?p=2")["X-Page-Cache"] == "hit"
    factories.make_article(author=author, published_at=timezone.now())
    assert client.get("/sitemap-articles.xml?p=2")["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("size", [7, 31])
def test_a_page_costs_the_same_queries_at_any_size_and_number(
    client, author, no_page_cache, django_assert_max_num_queries, size
):
    """The last page (page 3 of 7 articles, page 11 of 31) costs one query for its rows, plus
    one for the page boundaries after a change; never a count, an OFFSET or a query per row."""
    make_published(author, size)
    last = -(-size // PER_PAGE)
    url = f"/sitemap-articles.xml?p={last}"
    caching.invalidate(caching.SITEMAP)
    with django_assert_max_num_queries(2):
        first = client.get(url)
    with django_assert_max_num_queries(1) as queries:
        again = client.get(url)
    assert first.content == again.content
    assert len(locations(again.content)) == size - (last - 1) * PER_PAGE
    sql = queries.captured_queries[0]["sql"].upper()
    assert "OFFSET" not in sql and "COUNT(" not in sql


@pytest.mark.parametrize("size", [7, 31])
def test_the_index_costs_the_same_queries_at_any_size(
    client, author, no_page_cache, django_assert_max_num_queries, size
):
    """The index: the two paged sitemaps' boundaries and the last-modified date, computed once
    after a change (three queries), then remembered (none)."""
    make_published(author, size)
    caching.invalidate(caching.SITEMAP)
    with django_assert_max_num_queries(3):
        assert client.get("/sitemap.xml").status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get("/sitemap.xml").status_code == 200
