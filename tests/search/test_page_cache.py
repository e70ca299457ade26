"""Search pages in the page cache: shared by anonymous readers, refreshed when the index or
the set of public articles changes, and kept for minutes only (any words make a page)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Article
from search.conf import CACHE_SECONDS
from tests import factories

URL = reverse("search:search")
RESULT_TITLE = re.compile(r'<h2 class="search-result__title"><a href="[^"]*">([^<]*)</a>')

pytestmark = pytest.mark.django_db


def search(client, q: str, **params):
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    return response


def found(client, q: str) -> list[str]:
    """The result titles on the page (not the latest articles a page with none suggests)."""
    return RESULT_TITLE.findall(search(client, q).content.decode())


def test_anonymous_search_is_public_and_cached(client, publish):
    """No cookie, public Cache-Control with an ETag; the second request is a hit with no query,
    and a conditional GET gets 304."""
    publish(title="The Lighthouse Keeper")
    first = search(client, "lighthouse")
    assert first["X-Page-Cache"] == "miss"
    assert not first.cookies and "Set-Cookie" not in first.headers
    assert "cookie" not in first.headers.get("Vary", "").lower()
    control = first["Cache-Control"]
    assert "public" in control and "max-age=60" in control and "s-maxage=300" in control
    second = search(client, "lighthouse")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    again = client.get(URL, {"q": "lighthouse"}, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_a_hit_costs_no_query(client, publish, django_assert_num_queries):
    """A stored search page is sent without touching the database."""
    publish(title="The Lighthouse Keeper")
    search(client, "lighthouse")
    with django_assert_num_queries(0):
        assert search(client, "lighthouse")["X-Page-Cache"] == "hit"


def test_publishing_a_matching_article_shows_on_the_next_search(client, publish):
    """A cached results page is refreshed as soon as a new matching article is indexed."""
    publish(title="The Lighthouse Keeper")
    search(client, "lighthouse")
    assert search(client, "lighthouse")["X-Page-Cache"] == "hit"
    publish(title="Lighthouse Lamps Restored")
    assert "Lighthouse Lamps Restored" in found(client, "lighthouse")


def test_a_search_that_found_nothing_finds_the_new_article(client, publish):
    """The "no results" page is refreshed too (it also lists the latest articles)."""
    publish(title="Harbour News")
    assert "No articles match" in search(client, "lighthouse").content.decode()
    publish(title="A Lighthouse at Last")
    assert found(client, "lighthouse") == ["A Lighthouse at Last"]


def test_an_edit_that_makes_an_article_match_shows(client, publish, committed):
    """New words in an article the cached page did not show are found on the next search
    (the index changed; no list did)."""
    article = publish(title="Harbour News", intro="Boats came in.")
    publish(title="Lighthouse Keeper")
    assert found(client, "lighthouse") == ["Lighthouse Keeper"]
    with committed():
        article.intro = "Boats came in past the lighthouse."
        article.save()
    assert found(client, "lighthouse") == ["Lighthouse Keeper", "Harbour News"]


def test_an_article_brought_forward_from_a_later_date_shows(client, publish, committed):
    """A scheduled match moved to an earlier, past date (its entry unchanged) is found at once."""
    publish(title="Lighthouse Keeper")
    scheduled = publish(title="Lighthouse Lamps", published_at=timezone.now() + timedelta(days=1))
    assert found(client, "lighthouse") == ["Lighthouse Keeper"]
    with committed():
        scheduled.published_at = timezone.now() - timedelta(seconds=1)
        scheduled.save()
    assert sorted(found(client, "lighthouse")) == ["Lighthouse Keeper", "Lighthouse Lamps"]


def test_withdrawing_or_rescheduling_an_article_hides_it_at_once(client, publish, committed):
    """Back to draft (the entry leaves the index) or moved to a later date (the entry stays,
    the article is no longer public): gone from the cached results either way."""
    withdrawn = publish(title="Lighthouse One")
    rescheduled = publish(title="Lighthouse Two")
    assert sorted(found(client, "lighthouse")) == ["Lighthouse One", "Lighthouse Two"]
    with committed():
        withdrawn.status = Article.Status.DRAFT
        withdrawn.save()
    assert found(client, "lighthouse") == ["Lighthouse Two"]
    with committed():
        rescheduled.published_at = timezone.now() + timedelta(days=1)
        rescheduled.save()
    assert found(client, "lighthouse") == []


def test_a_retitled_result_shows_its_new_title(client, publish, committed):
    """The results show each article's title: editing it refreshes the page."""
    article = publish(title="Lighthouse Keeper")
    search(client, "keeper")
    with committed():
        article.title = "Lighthouse Keeper, Retired"
        article.save()
    assert found(client, "keeper") == ["Lighthouse Keeper, Retired"]


def test_an_unrelated_edit_leaves_search_pages_cached(client, publish, committed):
    """Saving an article in a way search does not read (nor the results show) keeps the page."""
    publish(title="Lighthouse Keeper")
    other = publish(title="Harbour News")
    search(client, "lighthouse")
    with committed():
        other.comments_open = not other.comments_open
        other.save()
    assert search(client, "lighthouse")["X-Page-Cache"] == "hit"


def test_search_pages_are_kept_for_minutes_only(client, publish, monkeypatch):
    """Any words make a page, so a stored search lives CACHE_SECONDS, not the hour other pages
    may: the cache holds the last few minutes' searches."""
    publish(title="Lighthouse Keeper")
    search(client, "lighthouse")
    assert search(client, "lighthouse")["X-Page-Cache"] == "hit"
    later = timezone.now() + timedelta(seconds=CACHE_SECONDS + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("blog.caching.time.time", lambda: later.timestamp())
    assert search(client, "lighthouse")["X-Page-Cache"] == "miss"


def test_filters_and_pages_are_cached_but_unknown_parameters_are_not(client, publish):
    """q, tag, author and page make separate stored pages; any other parameter is answered
    but not stored."""
    author = factories.make_user(username="keeper")
    publish(title="Lighthouse Keeper", author=author, tags=["coast"])
    for params in ({"tag": "coast"}, {"author": "keeper"}, {"page": "1"}):
        search(client, "lighthouse", **params)
        assert search(client, "lighthouse", **params)["X-Page-Cache"] == "hit", params
    assert search(client, "lighthouse", utm_source="x")["X-Page-Cache"] == "off"


def test_staff_get_a_fresh_private_page(client, publish, editor):
    """A logged-in reader bypasses the cache and gets private, no-store."""
    publish(title="Lighthouse Keeper")
    search(client, "lighthouse")
    client.force_login(editor)
    response = search(client, "lighthouse")
    assert response["X-Page-Cache"] == "bypass"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_renaming_an_author_refreshes_their_bylines_in_results(client, publish, author):
    publish(title="The Lighthouse Keeper", author=author)
    assert "Miriam Hale" in search(client, "lighthouse").content.decode()
    author.last_name = "Hale-Okafor"
    author.save()
    assert "Miriam Hale-Okafor" in search(client, "lighthouse").content.decode()


def links(response) -> list[str]:
    """The search addresses a results page links to."""
    html = response.content.decode()
    return [url.replace("&amp;", "&") for url in re.findall(rf'href="({URL}\?[^"]+)"', html)]


def test_a_browser_search_and_the_links_of_its_results_are_stored(client, publish):
    """What a browser sends for the search form (``q=two+words``, UTF-8 %-escaped) and every
    search link the results page gives (more results, narrowing, removing a filter) are the
    one spelling the page cache stores."""
    keeper, diver = factories.make_user(username="keeper"), factories.make_user(username="diver")
    for number in range(12):
        publish(title=f"Harbour Café Lights {number}", author=(keeper, diver)[number % 2],
                tags=["coast"])  # fmt: skip
    submitted = f"{URL}?q=harbour+caf%C3%A9"
    first = client.get(submitted)
    assert first["X-Page-Cache"] == "miss" and client.get(submitted)["X-Page-Cache"] == "hit"
    addresses = set(links(first))
    narrowed = f"{URL}?q=harbour+caf%C3%A9&tag=coast"
    assert {f"{URL}?q=harbour+caf%C3%A9&page=2", narrowed} <= addresses
    addresses |= set(links(client.get(narrowed)))
    assert f"{URL}?q=harbour+caf%C3%A9&tag=coast&author=keeper" in addresses
    for address in addresses:
        client.get(address)
        assert client.get(address)["X-Page-Cache"] == "hit", address


def test_the_way_back_from_past_the_last_result_is_stored(client, publish):
    """ "Back to the best matches" is written as the search form writes it."""
    publish(title="Harbour Lights")
    past = client.get(URL, {"q": "harbour lights", "page": "3"})
    assert links(past) == [f"{URL}?q=harbour+lights"]
    assert client.get(links(past)[0])["X-Page-Cache"] == "miss"


@pytest.mark.parametrize(
    "query",
    [
        "q=harbour%20lights",  # the same words, %20 for the space
        "q=%68arbour+lights",  # a letter %-escaped
        "tag=coast&q=harbour+lights",  # another order
        "q=harbour+lights&",  # an empty pair
        "q=harbour+lights&&&",
        "q=anything&q=harbour+lights",  # repeated: the view reads the last
        "q=harbour+lights&tag",  # a name without "="
        "q=harbour+lights&tag=",  # an empty filter: the same page as none
    ],
)
def test_other_spellings_of_a_search_are_answered_but_not_stored(client, publish, query):
    """The page is stored under its query string as sent, and the view reads parsed values:
    other spellings of one search would each be one more stored page."""
    publish(title="Harbour Lights", tags=["coast"])
    for _ in range(2):
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 200 and response["X-Page-Cache"] == "off"
    assert "Harbour Lights" in response.content.decode()
