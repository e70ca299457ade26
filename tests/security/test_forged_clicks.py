"""Threat: forged affiliate clicks — one client inflating a link's count or an article's credit.

A reader counts at most once per link in 30 minutes (a keyed hash of address and user agent,
kept only in the cache); a client clicking faster than the rate limit is redirected but not
counted; an article is credited only when it uses the link and the Referer, if any, is ours.
"""

from datetime import date

import pytest
from django.core.cache import cache

from affiliates import clickguard
from affiliates.models import DailyClicks, DiscardedClicks
from tests import factories
from tests.affiliates.factories import BROWSER, click, make_link, place_box
from tests.caching import UNREACHABLE_CACHES

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"


@pytest.fixture
def link():
    return make_link()


@pytest.fixture
def article(link):
    """A published article that uses the link as a product box."""
    article = factories.make_article(slug="harbour-talks")
    place_box(article, link)
    return article


def discarded(reason):
    return sum(DiscardedClicks.objects.filter(reason=reason).values_list("clicks", flat=True))


@pytest.mark.parametrize("user_agent", [BROWSER, "x", "Mozilla"])
def test_thirty_clicks_from_one_browser_in_a_minute_count_at_most_once(
    client, link, article, user_agent
):
    """30 GETs of /go/<slug>/ from one client add at most 1 to total_clicks(); all redirect."""
    statuses = [
        click(
            client, link, article_slug=article.slug, reader=ATTACKER, **{"User-Agent": agent}
        ).status_code
        for agent in [user_agent] * 30
    ]
    assert statuses == [302] * 30
    assert link.total_clicks() == 1
    assert discarded(DiscardedClicks.Reason.REPEAT) == 29


def test_a_new_user_agent_per_click_runs_into_the_rate_limit(client, link, settings):
    """Rotating the User-Agent makes new "readers" but one address: past the limit none count."""
    settings.AFFILIATES = {**settings.AFFILIATES, "CLICK_RATE_LIMIT": 20}
    for number in range(300):
        response = click(client, link, reader=ATTACKER, **{"User-Agent": f"Mozilla/{number}"})
        assert response.status_code == 302
    assert link.total_clicks() == 20
    assert discarded(DiscardedClicks.Reason.RATE_LIMIT) == 280


def test_a_forged_forwarded_for_is_still_the_same_reader(client, link):
    """Without a trusted proxy, X-Forwarded-For does not make a click come from someone new."""
    for number in range(10):
        click(client, link, reader=ATTACKER, **{"X-Forwarded-For": f"198.51.100.{number}"})
    assert link.total_clicks() == 1


def test_the_same_reader_counts_again_after_the_window(client, link):
    """The cache entry expires after 30 minutes; then the reader's click counts again."""
    click(client, link, reader=ATTACKER)
    click(client, link, reader=ATTACKER)
    cache.clear()  # what the entry's expiry does
    click(client, link, reader=ATTACKER)
    assert link.total_clicks() == 2


def test_different_readers_and_links_are_counted_separately(client, link):
    """The limit is per reader and per link: two readers, or two links, are two clicks."""
    other = make_link()
    click(client, link, reader=ATTACKER)
    click(client, other, reader=ATTACKER)
    click(client, link, reader="198.51.100.7")
    assert (link.total_clicks(), other.total_clicks()) == (2, 1)


def test_an_article_that_does_not_use_the_link_gets_no_credit(client, link):
    """?from= naming a published article that does not use the link credits no article."""
    factories.make_article(slug="unrelated")
    click(client, link, article_slug="unrelated")
    assert list(DailyClicks.objects.values_list("article_id", "clicks")) == [(None, 1)]


def test_an_article_using_the_link_in_its_text_is_credited(client, link):
    """An aff: link in a section is a real use: the click is credited to the article."""
    article = factories.make_article(
        slug="kettles", sections=[("section", "Kettles", f"Buy [it](aff:{link.slug}).")]
    )
    click(client, link, article_slug=article.slug)
    assert list(DailyClicks.objects.values_list("article_id", "clicks")) == [(article.pk, 1)]


def test_a_foreign_referer_gets_no_article_credit(client, link, article):
    """A click claiming ?from= an article but arriving from another site counts, uncredited."""
    click(client, link, article_slug=article.slug, Referer="https://clickfarm.example/page")
    click(
        client,
        link,
        article_slug=article.slug,
        Referer=f"http://testserver/articles/{article.slug}/",
    )
    assert sorted(DailyClicks.objects.values_list("article_id", "clicks"), key=str) == sorted(
        [(None, 1), (article.pk, 1)], key=str
    )


def test_the_reader_key_is_keyed_daily_and_reveals_nothing(rf, link, settings):
    """The key changes with the day and with SECRET_KEY, and contains no address or agent."""
    request = rf.get("/go/x/", REMOTE_ADDR=ATTACKER, headers={"User-Agent": "Mozilla"})
    monday = clickguard.reader_key(request, link_id=link.pk, day=date(2026, 3, 2))
    tuesday = clickguard.reader_key(request, link_id=link.pk, day=date(2026, 3, 3))
    assert monday != tuesday
    assert ATTACKER not in monday and "Mozilla" not in monday
    settings.SECRET_KEY = "another-" * 8
    assert clickguard.reader_key(request, link_id=link.pk, day=date(2026, 3, 2)) != monday


def test_no_reader_data_reaches_the_database(client, link, article):
    """Counted and discarded clicks are per-day totals: no address, agent or hash is stored."""
    for _ in range(3):
        click(client, link, article_slug=article.slug, reader=ATTACKER)
    columns = {field.attname for field in DiscardedClicks._meta.concrete_fields}
    assert columns == {"id", "link_id", "day", "reason", "clicks"}
    stored = str(list(DiscardedClicks.objects.values())) + str(list(DailyClicks.objects.values()))
    assert ATTACKER not in stored and "Chrome" not in stored


def test_a_cache_outage_still_redirects_and_counts_nothing(client, link, settings):
    """With the cache down no click can be checked: the reader is redirected, nothing counted."""
    settings.CACHES = UNREACHABLE_CACHES
    response = click(client, link, reader=ATTACKER)
    assert response.status_code == 302
    assert response["Location"] == link.destination_url
    assert link.total_clicks() == 0
    assert discarded(DiscardedClicks.Reason.UNVERIFIED) == 1


def test_the_owner_sees_counted_and_discarded_clicks(admin_client_logged, link, article):
    """The link's admin page reports counted clicks and, by reason, those not counted."""
    for _ in range(4):
        click(admin_client_logged, link, article_slug=article.slug, reader=ATTACKER)
    html = admin_client_logged.get(
        f"/admin/affiliates/affiliatelink/{link.pk}/change/"
    ).content.decode()
    assert '<th scope="row">Counted</th><td>1</td>' in html
    assert '<th scope="row">Not counted: repeat click by the same reader</th><td>3</td>' in html
    assert "1 clicks from" in html and "3 more not counted" in html
