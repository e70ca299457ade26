"""The archive by year and month with counts, and the tag index with counts."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def when(year, month, day=10):
    return datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


def counts(html: str, pattern: str) -> dict[str, str]:
    return dict(re.findall(pattern + r'</a> <span class="archive-count">(\d+)', html))


@pytest.fixture
def archive_site():
    """2025: two in March, one in July; 2026: one in January; drafts and scheduled ones."""
    author = factories.make_user()
    for moment in (when(2025, 3, 1), when(2025, 3, 20), when(2025, 7), when(2026, 1)):
        factories.make_article(author=author, published_at=moment, tags=["Diplomacy"])
    factories.make_article(author=author, status=Article.Status.DRAFT, published_at=when(2025, 3),
                           tags=["Diplomacy", "Secret tag"])  # fmt: skip
    factories.make_article(author=author, status=Article.Status.REVIEW, tags=["Secret tag"])
    factories.make_article(author=author, published_at=timezone.now().replace(year=2999),
                           tags=["Secret tag"])  # fmt: skip


def test_archive_index_counts_public_articles_per_year_and_month(client, archive_site):
    """Years and months with counts; drafts and scheduled articles neither appear nor count."""
    html = client.get(reverse("blog:archive")).content.decode()
    years = counts(html, r'/archive/(\d{4})/">\d{4}')
    assert years == {"2026": "1", "2025": "3"}
    months = counts(html, r'/archive/(\d{4}/\d+)/">[A-Za-z]+ \d{4}')
    assert months == {"2026/1": "1", "2025/7": "1", "2025/3": "2"}
    assert "2999" not in html


def test_year_archive_lists_its_months_and_articles(client, archive_site):
    """/archive/2025/: its months with counts, then its articles; another year's are absent."""
    response = client.get(reverse("blog:archive-year", args=[2025]))
    assert response.status_code == 200
    html = response.content.decode()
    assert counts(html, r'/archive/2025/(\d+)/">[A-Za-z]+') == {"7": "1", "3": "2"}
    assert "3 articles in 2025" in html
    assert html.count('class="article-card"') == 3


@pytest.mark.parametrize("year", ["1899", "9999", "2147483648"])
def test_impossible_years_are_not_found(client, year):
    assert client.get(f"/archive/{year}/").status_code == 404


def test_archive_pages_are_stored_under_the_address_the_site_links(client, archive_site):
    """The archive's own links are stored; the same month spelled with leading zeros
    (``<int:year>`` reads ``000002025`` as 2025) is answered but not stored, so such
    spellings cannot fill the page cache."""
    for url in (reverse("blog:archive-year", args=[2025]),
                reverse("blog:archive-month", args=[2025, 3])):  # fmt: skip
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"
    for url in ("/archive/000002025/", "/archive/2025/03/", "/archive/0002025/0003/"):
        response = client.get(url)
        assert response.status_code == 200 and response["X-Page-Cache"] == "off", url
        assert client.get(url)["X-Page-Cache"] == "off", url
        assert 'class="article-card"' in response.content.decode()


@pytest.mark.parametrize("url", ["/archive/1901/", "/archive/9000/7/", "/archive/2025/4/"])
def test_an_empty_archive_page_is_answered_but_not_stored(client, archive_site, url):
    """Every year from 1900 to 9998 has a page, nearly all empty: cheap to render, and not
    stored, so walking them cannot fill the page cache."""
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and response["X-Page-Cache"] == "off"


def test_tag_index_counts_public_articles_only(client, archive_site):
    """/tags/: each tag with its public articles' count; a tag only drafts carry is absent."""
    html = client.get(reverse("blog:tags")).content.decode()
    assert counts(html, r'/tags/([^/]+)/">[^<]+') == {"diplomacy": "4"}
    assert "Secret tag" not in html


def test_tag_index_is_sorted_by_name_and_linked_from_every_page(client):
    """Tags by name, whatever their case; the header links the index."""
    for name in ("zebra", "Alpha", "mango"):
        factories.make_article(tags=[name])
    html = client.get(reverse("blog:tags")).content.decode()
    assert re.findall(r'/tags/[^/]+/">([^<]+)</a>', html) == ["Alpha", "mango", "zebra"]
    assert 'href="/tags/"' in client.get(reverse("blog:home")).content.decode()


def test_tag_index_refreshes_when_a_public_article_is_retagged(client):
    """Counts follow tagging, publishing and withdrawing (the cached page is refreshed)."""
    article = factories.make_article(tags=["one"])
    url = reverse("blog:tags")
    assert counts(client.get(url).content.decode(), r'/tags/([^/]+)/">[^<]+') == {"one": "1"}
    assert client.get(url)["X-Page-Cache"] == "hit"
    article.tags.add("two")
    assert counts(client.get(url).content.decode(), r'/tags/([^/]+)/">[^<]+') == {
        "one": "1", "two": "1"}  # fmt: skip
    factories.make_article(tags=["two"])
    assert counts(client.get(url).content.decode(), r'/tags/([^/]+)/">[^<]+')["two"] == "2"
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert counts(client.get(url).content.decode(), r'/tags/([^/]+)/">[^<]+') == {"two": "1"}


def test_archive_counts_refresh_when_an_article_is_published(client, archive_site):
    """A newly published article moves its month's count on the cached index."""
    url = reverse("blog:archive")
    client.get(url)
    draft = Article.objects.get(status=Article.Status.DRAFT)
    draft.status = Article.Status.PUBLISHED
    draft.save()
    months = counts(client.get(url).content.decode(), r'/archive/(\d{4}/\d+)/">[A-Za-z]+ \d{4}')
    assert months["2025/3"] == "3"


@pytest.mark.parametrize("size", [1, 15])
def test_archive_and_tag_pages_cost_fixed_queries(
    client, django_assert_max_num_queries, no_page_cache, size
):
    """Archive index, year and tag index: one aggregate each (then remembered), no query per
    month, year, tag or article."""
    author = factories.make_user()
    for number in range(size):
        factories.make_article(author=author, published_at=when(2020 + number % 5, 1 + number % 12),
                               tags=[f"tag{number}", "common"])  # fmt: skip
    for url in (reverse("blog:archive"), reverse("blog:tags")):
        with django_assert_max_num_queries(1):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(0):  # remembered until the lists change
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("blog:archive-year", args=[2020])).status_code == 200
