"""In the browser: the cached article page carries no form token; typing fetches one."""

import pytest
from playwright.sync_api import expect

from comments import tokens
from comments.models import Comment
from tests import factories
from tests.comments.support import READER_KEY, approved

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_typing_fetches_the_token_and_the_comment_is_timed_by_it(live_server, page, monkeypatch):
    """The page (from the cache) has an empty token; focusing the form fills it; the post
    carries it, so the comment is judged on its timing, not held for lacking a token."""
    served = {"at": 1_000_000.0}
    monkeypatch.setattr(tokens, "current_time", lambda: served["at"])
    article = factories.make_article()
    approved(article, email="ada@example.com", commenter_key=READER_KEY)
    url = f"{live_server.url}{article.get_absolute_url()}"
    page.goto(url)
    page.goto(url)  # the second view comes from the page cache
    form = page.locator("form.comment-form")
    token = form.locator("input[name=token]")
    expect(token).to_have_value("")
    form.locator("input[name=name]").fill("Ada Reader")
    expect(token).not_to_have_value("")
    form.locator("input[name=email]").fill("ada@example.com")
    form.locator("textarea[name=body]").fill("Typed with the token fetched.")
    served["at"] += 20  # the reader took a while
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("awaiting moderation").first).to_be_visible()
    comment = Comment.objects.get(body="Typed with the token fetched.")
    assert comment.form_nonce
    assert not any("form token" in reason for reason in comment.reasons)
    assert page.js_errors == []
