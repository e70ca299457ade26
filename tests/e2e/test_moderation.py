"""Browser: an editor clears the comments waiting with the keyboard, without a reload."""

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
