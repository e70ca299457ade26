"""Which requests count as clicks, which article they are credited to, and what is stored."""

from datetime import date

import pytest
from django.utils import timezone

from affiliates.models import DailyClicks
from affiliates.services import record_click
from blog.models import Article
from tests import factories
from tests.affiliates.factories import BROWSER, click, make_link, place_box

pytestmark = pytest.mark.django_db

CRAWLERS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko; Google Page Speed "
    "Insights) Chrome/120 Safari/537.36 Chrome-Lighthouse",
    "Mozilla/5.0 (compatible; Baiduspider/2.0)",
    "WhatsApp/2.23.20.0",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Python-urllib/3.11",
    "",
]


@pytest.fixture
def link():
    return make_link()


@pytest.fixture
def article(link):
    """A published article that uses the link (clicks are credited only to such articles)."""
    article = factories.make_article(slug="harbour-talks")
    place_box(article, link)
    return article


def counters():
    return list(DailyClicks.objects.values_list("article__slug", "clicks"))


def test_a_readers_click_is_counted_for_the_article_it_came_from(client, link, article):
    """?from=<published article> credits the click to that article, today."""
    click(client, link, article_slug=article.slug)
    click(client, link, article_slug=article.slug)
    assert counters() == [("harbour-talks", 2)]
    assert DailyClicks.objects.get().day == timezone.localdate()
    assert link.total_clicks() == 2


def test_clicks_are_counted_on_the_local_day(client, link, monkeypatch):
    """The counter's day is the site's local date at the time of the click."""
    monkeypatch.setattr("affiliates.views.timezone.localdate", lambda: date(2025, 1, 31))
    click(client, link)
    monkeypatch.setattr("affiliates.views.timezone.localdate", lambda: date(2025, 2, 1))
    click(client, link)
    click(client, link)
    assert list(DailyClicks.objects.order_by("day").values_list("day", "clicks")) == [
        (date(2025, 1, 31), 1), (date(2025, 2, 1), 2),
    ]  # fmt: skip


def test_same_site_referer_names_the_article(client, link, article):
    """Without ?from=, a Referer to one of our article pages credits that article."""
    click(client, link, Referer=f"http://testserver{article.get_absolute_url()}#comments")
    assert counters() == [("harbour-talks", 1)]


@pytest.mark.parametrize(
    "referer",
    [
        "https://evil.example/articles/harbour-talks/",
        "http://testserver.evil.example/articles/harbour-talks/",
        "http://testserver/tags/harbour-talks/",
        "http://testserver/",
        "javascript:alert(1)",
        "not a url at all",
    ],
)
def test_other_referers_credit_no_article(client, link, article, referer):
    """Foreign hosts, non-article pages and junk referers count the click without a source."""
    click(client, link, Referer=referer)
    assert counters() == [(None, 1)]


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_unpublished_articles_are_never_credited(client, link, status):
    """A draft's slug in ?from= does not attribute clicks (it would reveal nothing, either)."""
    draft = factories.make_article(status=status)
    click(client, link, article_slug=draft.slug)
    assert counters() == [(None, 1)]


def test_from_wins_over_referer(client, link, article):
    """?from= is what the link itself says, so it is preferred to the Referer."""
    other = factories.make_article(slug="other-piece")
    place_box(other, link)
    click(
        client, link, article_slug=other.slug, Referer=f"http://testserver/articles/{article.slug}/"
    )
    assert counters() == [("other-piece", 1)]


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch;prerender"},
        {"Purpose": "prefetch"},
        {"X-Purpose": "preview"},
        {"X-Moz": "prefetch"},
    ],
)
def test_prefetches_are_not_counted(client, link, headers):
    """Speculative loads still redirect but are not clicks."""
    response = click(client, link, **headers)
    assert response.status_code == 302
    assert link.total_clicks() == 0


def test_head_is_not_counted(client, link):
    """HEAD requests (checkers, unfurlers) are never counted."""
    client.head(link.get_absolute_url(), headers={"User-Agent": BROWSER})
    assert link.total_clicks() == 0


@pytest.mark.parametrize("user_agent", CRAWLERS)
def test_crawlers_are_not_counted(client, link, user_agent):
    """Known crawlers, unfurlers, monitors and HTTP libraries (and no User-Agent) don't count."""
    response = click(client, link, **{"User-Agent": user_agent})
    assert response.status_code == 302
    assert link.total_clicks() == 0


def test_crawler_patterns_are_configurable(client, link, settings):
    """AFFILIATES["CRAWLER_USER_AGENTS"] replaces the built-in list."""
    settings.AFFILIATES = {**settings.AFFILIATES, "CRAWLER_USER_AGENTS": [r"^InHouseMonitor/"]}
    click(client, link, **{"User-Agent": "InHouseMonitor/2.0"})
    click(client, link, **{"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})
    assert link.total_clicks() == 1


def test_no_personal_data_is_stored(client, link, article):
    """The counter has no column for an IP address, user agent, referrer or time of day."""
    click(client, link, article_slug=article.slug, REMOTE_ADDR="203.0.113.9")
    columns = {field.attname for field in DailyClicks._meta.concrete_fields}
    assert columns == {"id", "link_id", "article_id", "day", "clicks"}
    assert "203.0.113.9" not in str(list(DailyClicks.objects.values()))


def test_record_click_increments_one_row_per_link_article_and_day(link, article):
    """Counters are unique per (link, article, day), the unknown source included."""
    day = date(2025, 5, 4)
    for article_id in [article.pk, article.pk, None, None, None]:
        record_click(link_id=link.pk, article_id=article_id, day=day)
    record_click(link_id=link.pk, article_id=None, day=date(2025, 5, 5))
    rows = sorted(DailyClicks.objects.values_list("article_id", "day", "clicks"), key=str)
    assert rows == sorted([(article.pk, day, 2), (None, day, 3), (None, date(2025, 5, 5), 1)],
                          key=str)  # fmt: skip


def test_deleting_an_article_keeps_its_clicks_in_the_link_total(link, article):
    """An article's clicks move to "unknown source" when it is deleted; totals don't shrink."""
    day = date(2025, 5, 4)
    record_click(link_id=link.pk, article_id=article.pk, day=day)
    record_click(link_id=link.pk, article_id=article.pk, day=day)
    record_click(link_id=link.pk, article_id=None, day=day)
    record_click(link_id=link.pk, article_id=article.pk, day=date(2025, 5, 5))
    article.delete()
    assert link.total_clicks() == 4
    assert sorted(DailyClicks.objects.values_list("article_id", "day", "clicks")) == [
        (None, day, 3), (None, date(2025, 5, 5), 1),
    ]  # fmt: skip
