from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Article
from tests.search.conftest import titles

URL = reverse("search:search")


def test_title_match_ranks_before_body_match(client, publish):
    """The public contract: 200, public articles containing the word, title matches first."""
    publish(title="Grain Markets Calm", intro="Nothing about the word. " + "turbine " * 30)
    publish(title="Turbine Orders Rise", intro="A short lede.")
    publish(title="Unrelated", intro="Nothing here.")
    response = client.get(URL, {"q": "turbine"})
    assert response.status_code == 200
    assert titles(response) == ["Turbine Orders Rise", "Grain Markets Calm"]
    body = response.content.decode()
    assert body.index("Turbine Orders Rise") < body.index("Grain Markets Calm")


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.REVIEW], ids=["draft", "review"]
)
def test_unpublished_articles_never_appear(client, publish, status):
    """Drafts and articles in review are neither listed nor indexed."""
    publish(title="Secret Turbine Plan", status=status, published_at=None)
    response = client.get(URL, {"q": "turbine"})
    assert response.status_code == 200
    assert titles(response) == []
    assert "Secret Turbine Plan" not in response.content.decode()


def test_stemming_finds_other_forms_of_a_word(client, publish):
    """With English stemming, "sanction" finds "sanctions" and "sanctioned"."""
    publish(title="Sanctions Bite", intro="Sanctioned firms complain.")
    assert titles(client.get(URL, {"q": "sanction"})) == ["Sanctions Bite"]


def test_every_word_must_match(client, publish):
    """Several words narrow the results: an article needs all of them."""
    publish(title="Copper and Tin", intro="Metals.")
    publish(title="Copper Alone", intro="Metals.")
    assert titles(client.get(URL, {"q": "copper tin"})) == ["Copper and Tin"]


def test_standfirst_headings_and_sections_are_searched(client, publish):
    """The standfirst, section headings and section bodies are all indexed."""
    publish(title="One", dek="A quorum gathers.", intro="x")
    publish(title="Two", intro="x", sections=[("section", "Ballast Problems", "Text.")])
    publish(title="Three", intro="x", sections=[("section", "Heading", "The zeppelin flew.")])
    assert titles(client.get(URL, {"q": "quorum"})) == ["One"]
    assert titles(client.get(URL, {"q": "ballast"})) == ["Two"]
    assert titles(client.get(URL, {"q": "zeppelin"})) == ["Three"]


def test_snippet_highlights_the_word_and_escapes_the_text(client, publish):
    """Snippets mark the match with <mark> and show article text escaped."""
    publish(title="Tariffs", intro="Writing `<b>` in code, the tariff rose again.")
    response = client.get(URL, {"q": "tariff"})
    snippet = str(response.context["search"].results[0].snippet)
    assert "<mark>tariff</mark>" in snippet.lower()
    assert "&lt;b&gt;" in snippet
    assert "<b>" not in snippet


def test_empty_query_shows_the_form_without_results(client, publish):
    """No words: the page explains how to search and lists nothing."""
    publish(title="Anything")
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["search"].results == []
    assert 'role="search"' in response.content.decode()


def test_no_results_page_suggests_tags_and_recent_articles(client, publish):
    """A search that finds nothing offers the site's tags and its latest articles."""
    publish(title="Harbour Dues", tags=["shipping"])
    response = client.get(URL, {"q": "xylophone"})
    page = response.context["search"]
    assert page.results == []
    assert [tag.name for tag in page.suggested_tags] == ["shipping"]
    assert [article.title for article in page.recent_articles] == ["Harbour Dues"]
    assert "Try fewer or different words" in response.content.decode()


def test_filter_by_tag(client, publish):
    """?tag= keeps only articles with that tag, and the filter can be removed."""
    publish(title="Pipeline East", tags=["energy"])
    publish(title="Pipeline West", tags=["water"])
    response = client.get(URL, {"q": "pipeline", "tag": "energy"})
    assert titles(response) == ["Pipeline East"]
    assert "Tagged “energy”" in response.content.decode()
    unfiltered = client.get(URL, {"q": "pipeline"})
    assert sorted(titles(unfiltered)) == ["Pipeline East", "Pipeline West"]


def test_filter_by_author(client, publish, author):
    """?author= keeps only that author's articles."""
    publish(title="Pipeline North", author=author)
    publish(title="Pipeline South")
    response = client.get(URL, {"q": "pipeline", "author": author.username})
    assert titles(response) == ["Pipeline North"]
    assert "By Miriam Hale" in response.content.decode()


def test_invalid_filters_are_ignored(client, publish):
    """A malformed tag, author or page is dropped, not an error."""
    publish(title="Pipeline")
    response = client.get(URL, {"q": "pipeline", "tag": "<x>", "author": "a b", "page": "-3"})
    assert response.status_code == 200
    assert titles(response) == ["Pipeline"]


def test_pagination_is_bounded(client, publish):
    """Ten results a page with a link to more; pages past the tenth do not exist."""
    for number in range(12):
        publish(title=f"Lantern {number}")
    first = client.get(URL, {"q": "lantern"})
    assert len(titles(first)) == 10
    assert first.context["search"].next_url.endswith("page=2")
    second = client.get(URL, {"q": "lantern", "page": 2})
    assert len(titles(second)) == 2
    assert not second.context["search"].next_url
    assert set(titles(first)).isdisjoint(titles(second))
    assert client.get(URL, {"q": "lantern", "page": 11}).status_code == 404


def test_search_pages_ask_not_to_be_indexed(client, db):
    """Result pages carry noindex, and robots.txt keeps crawlers out of /search/."""
    response = client.get(URL, {"q": "anything"})
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()
    assert "Disallow: /search/" in client.get("/robots.txt").content.decode()


def test_filter_by_a_tag_in_any_script(client, publish):
    """Tags have Unicode slugs; the filter accepts them and keeps only that tag's articles."""
    publish(title="Pipeline Kyiv", tags=["Україна"])
    publish(title="Pipeline Elsewhere", tags=["other"])
    response = client.get(URL, {"q": "pipeline", "tag": "україна"})
    assert titles(response) == ["Pipeline Kyiv"]
    assert "Tagged “Україна”" in response.content.decode()


def test_ranking_work_is_bounded_but_title_matches_stay_first(client, publish, monkeypatch):
    """Past CANDIDATES matches only the newest are ranked, yet an old title match still
    comes first (title matches are candidates of their own)."""
    monkeypatch.setattr("search.query.CANDIDATES", 3)
    publish(title="Old Beacon", intro="Nothing.", published_at=timezone.now() - timedelta(900))
    for number in range(6):
        publish(title=f"Body {number}", intro="A beacon shone.")
    found = titles(client.get(URL, {"q": "beacon"}))
    assert found[0] == "Old Beacon"
    assert len(found) == 4  # the title match and the three newest others
