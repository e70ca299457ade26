"""The admin's clicks report: links, articles and link × article over a chosen period, the
CSV of the same period and filters, who may see it, and what it costs."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from affiliates.services import record_click
from tests import factories
from tests.affiliates.factories import make_link

pytestmark = pytest.mark.django_db

REPORT_URL = reverse("admin:affiliates_affiliatelink_reports")
CSV_URL = reverse("admin:affiliates_affiliatelink_reports_csv")
# Session, user, the total, links, articles, link × article; + the link and the article
# named by a filter.
REPORT_QUERIES = 6
NARROWED_REPORT_QUERIES = 8


def today():
    return timezone.localdate()


def clicks_on(link, *, days_ago=0, count=1, article=None, day=None):
    day = day or today() - timedelta(days=days_ago)
    for _ in range(count):
        record_click(link_id=link.pk, article_id=article.pk if article else None, day=day)


def table(html: str, table_id: str) -> list[list[str]]:
    """The body rows of one of the report's tables, as the cells' text."""
    found = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', html, re.S)
    if found is None:
        return []
    rows = re.findall(r"<tr>(.*?)</tr>", found[1], re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in rows
    ]


def report(client, **params) -> str:
    response = client.get(REPORT_URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_compares_links_and_articles_over_the_last_30_days(admin_client_logged):
    """By default: 30 days up to today, with the 30 days before and the change."""
    kettle, toaster = make_link(name="Kettle"), make_link(name="Toaster")
    tea = factories.make_article(title="Tea Matters")
    clicks_on(kettle, days_ago=0, count=3, article=tea)
    clicks_on(kettle, days_ago=29)
    clicks_on(kettle, days_ago=30, count=5)  # the period before
    clicks_on(toaster, days_ago=10, count=2, article=tea)
    html = report(admin_client_logged)
    assert table(html, "report-links") == [
        ["Kettle", "4", "5", "−1"],
        ["Toaster", "2", "0", "+2"],
    ]
    assert table(html, "report-articles") == [
        ["Tea Matters", "5", "0", "+5"],
        ["(unknown or direct)", "1", "5", "−4"],
    ]
    assert table(html, "report-pairs") == [
        ["Kettle", "Tea Matters", "3"],
        ["Toaster", "Tea Matters", "2"],
        ["Kettle", "(unknown or direct)", "1"],
    ]
    start = today() - timedelta(days=29)
    assert f"6 clicks from {start:%-d %b %Y} to {today():%-d %b %Y} (30 days)" in html
    assert 'aria-current="page">Last 30 days<' in html


@pytest.mark.parametrize(("period", "expected"), [("7", 1), ("30", 3), ("90", 5)])
def test_preset_periods_include_today_and_that_many_days(admin_client_logged, period, expected):
    """7 / 30 / 90 days end today, included; the day before the period is not in it."""
    link = make_link(name="Kettle")
    for days_ago in (6, 7, 29, 30, 89, 90):
        clicks_on(link, days_ago=days_ago)
    html = report(admin_client_logged, period=period)
    assert table(html, "report-links")[0][:2] == ["Kettle", str(expected)]


def test_last_month_says_which_link_earned_clicks_from_which_article(admin_client_logged):
    """ "Last month" is the calendar month before this one, nothing of this month."""
    last_day = today().replace(day=1) - timedelta(days=1)
    kettle, toaster = make_link(name="Kettle"), make_link(name="Toaster")
    tea, bread = factories.make_article(title="Tea"), factories.make_article(title="Bread")
    clicks_on(kettle, day=last_day, count=2, article=tea)
    clicks_on(kettle, day=last_day.replace(day=1), article=bread)
    clicks_on(toaster, day=last_day, count=4, article=bread)
    clicks_on(toaster, day=today().replace(day=1), count=9, article=tea)  # this month
    clicks_on(toaster, day=last_day.replace(day=1) - timedelta(days=1), article=tea)  # before
    html = report(admin_client_logged, period="last-month")
    assert table(html, "report-pairs") == [
        ["Toaster", "Bread", "4"],
        ["Kettle", "Tea", "2"],
        ["Kettle", "Bread", "1"],
    ]
    assert f"from {last_day.replace(day=1):%-d %b %Y} to {last_day:%-d %b %Y}" in html


def test_custom_dates(admin_client_logged):
    """From–to dates, both included."""
    link = make_link(name="Kettle")
    for days_ago in (3, 4, 5, 6):
        clicks_on(link, days_ago=days_ago)
    start, end = today() - timedelta(days=5), today() - timedelta(days=4)
    html = report(admin_client_logged, period="custom", start=start, end=end)
    assert table(html, "report-links")[0][:3] == ["Kettle", "2", "1"]  # before: 6 and 7 days ago
    assert f'value="{start:%Y-%m-%d}"' in html and f'value="{end:%Y-%m-%d}"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "custom", "start": "2026-01-10", "end": "2026-01-01"}, "must not be after"),
        ({"period": "custom", "start": "2026-01-10"}, "Give both dates"),
        ({"period": "custom", "start": "2026-13-01", "end": "2026-01-01"}, "valid date"),
        ({"period": "custom", "start": "2020-01-01", "end": "2023-01-01"}, "at most 731 days"),
        ({"period": "custom", "start": "2020-01-01", "end": "2999-01-01"}, "after today"),
        ({"period": "365"}, "Select a valid choice"),
        ({"link": "999999"}, "no such affiliate link"),
        ({"article": "abc"}, "whole number"),
        ({"sort": "destination_url"}, "Select a valid choice"),
    ],
)
def test_bad_choices_get_a_clear_error_and_keep_what_was_typed(
    admin_client_logged, params, message
):
    """Nothing is counted for a period that is not one; the error says why."""
    clicks_on(make_link(name="Kettle"))
    html = report(admin_client_logged, **params)
    assert message in html
    assert 'role="alert"' in html
    assert 'id="report-links"' not in html
    if "start" in params:
        assert f'value="{params["start"]}"' in html
    assert "Last 7 days" in html  # the presets still offer a way on


def test_links_table_sorts_by_name_and_by_clicks(admin_client_logged):
    """Headers sort (a second click reverses); the order comes from the database."""
    for name, clicks in (("Banana", 1), ("Apple", 2), ("Cherry", 3)):
        clicks_on(make_link(name=name), count=clicks)
    names = lambda html: [row[0] for row in table(html, "report-links")]  # noqa: E731
    assert names(report(admin_client_logged)) == ["Cherry", "Apple", "Banana"]
    assert names(report(admin_client_logged, sort="clicks")) == ["Banana", "Apple", "Cherry"]
    by_name = report(admin_client_logged, sort="name")
    assert names(by_name) == ["Apple", "Banana", "Cherry"]
    reverse_by_name = f'href="{REPORT_URL}?period=30&amp;sort=-name"'
    assert f'aria-sort="ascending"><a {reverse_by_name}' in by_name
    assert names(report(admin_client_logged, sort="-name")) == ["Cherry", "Banana", "Apple"]


def test_narrowed_to_a_link_and_to_an_article(admin_client_logged):
    """A link's name narrows the report to it, an article's title to clicks from it."""
    kettle, toaster = make_link(name="Kettle"), make_link(name="Toaster")
    tea, bread = factories.make_article(title="Tea"), factories.make_article(title="Bread")
    clicks_on(kettle, article=tea, count=2)
    clicks_on(kettle, article=bread)
    clicks_on(toaster, article=tea, count=5)
    everything = report(admin_client_logged)
    narrowed_url = f'href="/admin/affiliates/affiliatelink/reports/?period=30&amp;link={kettle.pk}"'
    assert narrowed_url in everything
    html = report(admin_client_logged, link=kettle.pk)
    assert table(html, "report-articles") == [["Tea", "2", "0", "+2"], ["Bread", "1", "0", "+1"]]
    assert "Only the link <strong>Kettle</strong>" in html
    html = report(admin_client_logged, link=kettle.pk, article=tea.pk)
    assert table(html, "report-pairs") == [["Kettle", "Tea", "2"]]
    html = report(admin_client_logged, article=tea.pk)
    assert table(html, "report-links") == [["Toaster", "5", "0", "+5"], ["Kettle", "2", "0", "+2"]]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_takes_the_period_and_filters_the_page_shows(admin_client_logged):
    """The page's download link carries its period and filters; the CSV has just those days."""
    kettle, toaster = make_link(name="Kettle", slug="kettle"), make_link(slug="toaster")
    tea = factories.make_article(title="Tea", slug="tea")
    clicks_on(kettle, days_ago=2, article=tea, count=2)
    clicks_on(kettle, days_ago=3)
    clicks_on(kettle, days_ago=9, article=tea)  # outside the period
    clicks_on(toaster, days_ago=2, article=tea)  # another link
    start, end = today() - timedelta(days=5), today() - timedelta(days=1)
    params = {"period": "custom", "start": start, "end": end, "link": kettle.pk}
    html = report(admin_client_logged, **params)
    download = re.search(r'<a class="button" href="([^"]+)" download>', html)[1]
    assert download.startswith(CSV_URL + "?")
    rows = csv_rows(admin_client_logged.get(download.replace("&amp;", "&")))
    assert rows == [
        ["date", "link", "link name", "article", "article title", "clicks"],
        [str(today() - timedelta(days=3)), "kettle", "Kettle", "", "(unknown or direct)", "1"],
        [str(today() - timedelta(days=2)), "kettle", "Kettle", "tea", "Tea", "2"],
    ]
    response = admin_client_logged.get(CSV_URL, {**params, "article": tea.pk})
    assert [row[-1] for row in csv_rows(response)[1:]] == ["2"]
    assert (
        f"affiliate-clicks-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv"
        in response["Content-Disposition"]
    )


def test_csv_of_a_bad_period_is_refused_with_the_reason(admin_client_logged):
    response = admin_client_logged.get(CSV_URL, {"period": "custom", "start": "2026-02-01"})
    assert response.status_code == 400
    assert "Give both dates" in response.content.decode()


def test_only_those_who_may_change_links_see_the_report(client):
    """Authors may view links (for the box picker) but not clicks: 403; visitors log in."""
    for url in (REPORT_URL, CSV_URL):
        assert client.get(url).status_code == 302
    author = factories.make_user(is_staff=True)
    author.groups.add(Group.objects.get(name="Authors"))
    client.force_login(author)
    for url in (REPORT_URL, CSV_URL):
        assert client.get(url).status_code == 403
    assert (
        "Clicks report"
        not in client.get(reverse("admin:affiliates_affiliatelink_changelist")).content.decode()
    )
    assert "Affiliate clicks" not in client.get(reverse("admin:index")).content.decode()


def test_two_clicks_from_the_admin_index_to_last_month_by_link_and_article(admin_client_logged):
    """The index offers "Last month" (one click) and the list a "Clicks report" button."""
    index = admin_client_logged.get(reverse("admin:index")).content.decode()
    assert f'<a href="{REPORT_URL}?period=last-month">Last month</a>' in index
    changelist = admin_client_logged.get(
        reverse("admin:affiliates_affiliatelink_changelist")
    ).content.decode()
    assert f'href="{REPORT_URL}"' in changelist


def test_the_links_page_shows_its_chart_before_the_fields(admin_client_logged):
    link = make_link()
    html = admin_client_logged.get(
        reverse("admin:affiliates_affiliatelink_change", args=[link.pk])
    ).content.decode()
    assert html.index('class="click-chart"') < html.index('name="destination_url"')
    assert f'href="{REPORT_URL}?link={link.pk}"' in html


def many_clicks(links: int, articles: int) -> None:
    made_links = [make_link() for _ in range(links)]
    made_articles = [factories.make_article() for _ in range(articles)]
    for number, link in enumerate(made_links):
        for offset, article in enumerate(made_articles):
            clicks_on(link, days_ago=(number + offset) % 60, article=article)
        clicks_on(link, days_ago=number % 40)


@pytest.mark.parametrize("size", [(2, 2), (25, 12)])
def test_report_costs_the_same_queries_at_any_size(
    admin_client_logged, django_assert_max_num_queries, size
):
    """One query per table, however many links, articles and days: no query per row."""
    many_clicks(*size)
    with django_assert_max_num_queries(REPORT_QUERIES):
        report(admin_client_logged, period="90")
    link, article = make_link(), factories.make_article()
    with django_assert_max_num_queries(NARROWED_REPORT_QUERIES):
        report(admin_client_logged, period="90", link=link.pk, article=article.pk)
    with django_assert_max_num_queries(3):  # session, user, the rows (streamed)
        admin_client_logged.get(CSV_URL, {"period": "90"})


@pytest.mark.parametrize("narrowed", ["", "link", "article"])
def test_report_reads_clicks_through_an_index(admin_client_logged, narrowed):
    """Each query reads the click table through an index on its range of days (or on the
    link's or article's days): never the whole table."""
    many_clicks(6, 4)
    link, article = make_link(), factories.make_article()
    params = {
        "period": "7",
        **({narrowed: (link if narrowed == "link" else article).pk} if narrowed else {}),
    }
    with CaptureQueriesContext(connection) as queries:
        report(admin_client_logged, **params)
    ours = [query["sql"] for query in queries if '"affiliates_dailyclicks"' in query["sql"]]
    assert len(ours) == 4
    with connection.cursor() as cursor:
        for sql in ours:
            if connection.vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                plan = [row[-1] for row in cursor.fetchall()]
                reads = [step for step in plan if "affiliates_dailyclicks" in step]
                assert reads and all("USING" in step and "INDEX" in step for step in reads), plan
            else:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(f"EXPLAIN {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert "Seq Scan on affiliates_dailyclicks" not in plan, plan
