"""Browser: an editor clears the comments waiting with the keyboard, without a reload."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment
from tests import factories
from tests.e2e.test_admin_and_comments import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_five_comments_moderated_with_the_keyboard(live_server, page):
    """j/k choose a row, a/s/r decide; each decision is stored and shown in place."""
    article = factories.make_article()
    start = timezone.now() - timedelta(hours=1)
    comments = [
        Comment.objects.create(
            article=article,
            name=f"Reader {n}",
            email=f"reader{n}@example.com",
            body=f"Waiting comment {n}.",
            created_at=start + timedelta(minutes=n),
        )
        for n in range(5)
    ]
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/comments/comment/?status__exact=pending")
    newest_first = list(reversed(comments))
    # a on the first row, then s, a, r, a: each decision moves on to the next row.
    for key in ("a", "s", "a", "r", "a"):
        page.keyboard.press(key)
        page.wait_for_timeout(50)
    # (a locator, not wait_for_function: the admin's CSP forbids evaluating strings)
    expect(page.locator("#result_list tr.moderated")).to_have_count(5)
    statuses = [Comment.objects.get(pk=c.pk).status for c in newest_first]
    assert statuses == ["approved", "spam", "approved", "removed", "approved"]
    assert page.url.endswith("?status__exact=pending")  # never left the page
    # k goes back up from the last row to the fourth, which was removed.
    page.keyboard.press("k")
    badge = page.locator("#result_list tr.moderation-current .status-badge")
    assert badge.inner_text() == "Removed"
    assert page.js_errors == []


def test_twenty_waiting_comments_cleared_in_one_click_and_twenty_keys(live_server, page):
    """From the admin index: "Comments · 20 waiting" (one click), then "a" twenty times; at
    1280 px every column, the buttons included, fits without scrolling sideways."""
    article = factories.make_article()
    start = timezone.now() - timedelta(hours=1)
    for n in range(20):
        Comment.objects.create(
            article=article,
            name=f"Reader with a long name {n}",
            email=f"reader{n}@example.com",
            body=f"Waiting comment {n}, long enough to wrap in its column. " * 3,
            created_at=start + timedelta(minutes=n),
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server)
    began = time.monotonic()
    page.get_by_role("link", name="Comments · 20 waiting").first.click()
    page.wait_for_url("**/admin/comments/comment/?status__exact=pending")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    last_button = page.locator("#result_list tbody tr").first.get_by_role("button", name="Remove")
    box = last_button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280  # not cut off
    moderated = page.locator("#result_list tr.moderated")
    for done in range(1, 21):
        page.keyboard.press("a")
        # As a person would: the next key once the row has answered (a busy machine must not
        # turn a key pressed mid-request into a dropped one).
        expect(moderated).to_have_count(done)
    assert time.monotonic() - began < 60
    assert not Comment.objects.filter(status=Comment.Status.PENDING).exists()
    expect(page.locator(".moderation-status")).to_contain_text("0 waiting")
    assert page.js_errors == []


def test_a_comments_page_takes_the_same_keys(live_server, page):
    """On a comment's page, a approves it and opens the next waiting; n skips to the next."""
    article = factories.make_article()
    start = timezone.now() - timedelta(hours=1)
    newest, middle, oldest = [
        Comment.objects.create(
            article=article,
            name=f"Reader {n}",
            email=f"reader{n}@example.com",
            body=f"Waiting comment {n}.",
            created_at=start - timedelta(minutes=n),
        )
        for n in range(3)
    ]
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/comments/comment/{newest.pk}/change/")
    page.keyboard.press("a")
    page.wait_for_url(f"**/admin/comments/comment/{middle.pk}/change/")
    assert Comment.objects.get(pk=newest.pk).status == Comment.Status.APPROVED
    page.keyboard.press("n")
    page.wait_for_url(f"**/admin/comments/comment/{oldest.pk}/change/")
    assert Comment.objects.get(pk=middle.pk).status == Comment.Status.PENDING
    page.locator("textarea").first.press("s")  # typing in a field is typing, not a decision
    assert Comment.objects.get(pk=oldest.pk).status == Comment.Status.PENDING
    assert page.js_errors == []
