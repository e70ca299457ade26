"""Browser: the owner's numbers — last month's clicks by link and article from the admin
index, a custom period and its CSV, and "Check now" with its progress, with and without JS."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from affiliates.models import AffiliateLink
from affiliates.services import record_click
from tests import factories
from tests.affiliates.factories import make_link
from tests.affiliates.shop import serving
from tests.e2e.accessibility import serious_violations
from tests.e2e.test_admin_and_comments import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(settings):
    """A shop on 127.0.0.1 (tests/affiliates/shop.py) that the checker may reach."""
    settings.AFFILIATES = {**settings.AFFILIATES, "HEALTH_CHECK_ALLOW_PRIVATE": True}
    with serving() as url:
        yield url


def clicks(link, article, day, count):
    for _ in range(count):
        record_click(link_id=link.pk, article_id=article.pk if article else None, day=day)


def test_last_month_by_link_and_article_then_a_custom_period_and_its_csv(live_server, page):
    """One click from the index answers "which link earned clicks from which article last
    month"; bad dates get an error; the CSV holds exactly the period shown."""
    page.set_viewport_size({"width": 1280, "height": 900})
    today = timezone.localdate()
    # The first of last month: never the day before today, which a one-day period compares
    # against (so on the 1st, the day before would put last month's links in today's table).
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    kettle, toaster = make_link(name="Kettle"), make_link(name="Toaster")
    tea, bread = factories.make_article(title="Tea"), factories.make_article(title="Bread")
    clicks(kettle, tea, last_month, 3)
    clicks(toaster, bread, last_month, 2)
    clicks(toaster, tea, today, 7)  # this month
    log_in(page, live_server)
    page.get_by_role("link", name="Last month", exact=True).click()  # the only click
    pairs = page.locator("#report-pairs tbody tr")
    expect(pairs).to_have_count(2)
    expect(pairs.nth(0)).to_contain_text("Kettle")
    expect(pairs.nth(0)).to_contain_text("Tea")
    expect(pairs.nth(1)).to_contain_text("Toaster")
    assert serious_violations(page) == []

    page.get_by_label("From", exact=True).fill(today.isoformat())
    page.get_by_label("To (included)", exact=True).fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("must not be after")
    assert page.get_by_label("From", exact=True).input_value() == today.isoformat()  # kept as typed
    assert serious_violations(page) == []

    page.get_by_label("To (included)", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#report-links tbody tr")).to_have_count(1)  # today: the toaster only
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these clicks by day (CSV)").click()
    with open(download.value.path(), encoding="utf-8") as exported:
        rows = list(csv.reader(io.StringIO(exported.read())))
    assert rows[1:] == [[today.isoformat(), toaster.slug, "Toaster", tea.slug, "Tea", "7"]]
    # No horizontal scrolling at 1280 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.js_errors == []


def test_check_now_shows_progress_and_records_the_result(live_server, page, shop, settings):
    """From the link list: the page answers at once, the bar fills, the result is recorded."""
    settings.AFFILIATES = {**settings.AFFILIATES, "HEALTH_CHECK_TIMEOUT": 2.0}
    make_link(name="Slow shop", destination_url=f"{shop}/slow")
    make_link(name="Good shop", destination_url=f"{shop}/ok")
    log_in(page, live_server)
    page.goto(f"{live_server.url}{reverse('admin:affiliates_affiliatelink_changelist')}")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Check all links now").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Checking")  # the slow shop holds the batch for 2 s
    assert serious_violations(page) == []
    expect(status).to_have_text("Done: 2 of 2 checked, 1 broken.", timeout=20_000)
    expect(page.get_by_role("row", name="Slow shop")).to_contain_text("no answer within 2 s")
    assert AffiliateLink.objects.get(name="Good shop").health == AffiliateLink.Health.OK
    assert page.js_errors == []


def test_check_now_without_javascript_refreshes_until_done(
    live_server, page_without_js, shop, settings
):
    """The status page refreshes itself (a <noscript> meta refresh) until the run is done."""
    settings.AFFILIATES = {**settings.AFFILIATES, "HEALTH_CHECK_TIMEOUT": 1.0}
    link = make_link(name="Missing page", destination_url=f"{shop}/missing")
    page = page_without_js
    log_in(page, live_server)
    page.goto(
        f"{live_server.url}{reverse('admin:affiliates_affiliatelink_change', args=[link.pk])}"
    )
    page.get_by_role("button", name="Check now").click()
    expect(page.get_by_role("status")).to_have_text(
        "Done: 1 of 1 checked, 1 broken.", timeout=20_000
    )
    expect(page.get_by_role("row", name="Missing page")).to_contain_text("HTTP 404")
