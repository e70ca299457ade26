"""In the browser: a reader's error comes back at the form, then their comment awaits them."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BODY = "Seen only by me until a moderator agrees."


def test_reader_fixes_an_error_then_sees_their_comment_awaiting_moderation(
    live_server, page, browser
):
    """Errors at the form on the article's URL with the text kept; after posting, the reader
    is at their comment marked awaiting moderation; a second browser does not see it."""
    factories.make_editor(username="hale", email="hale@example.com")  # a reserved name
    article = factories.make_article()
    url = f"{live_server.url}{article.get_absolute_url()}"
    page.goto(url)
    form = page.locator("form.comment-form")
    form.locator("input[name=name]").fill("hale")
    form.locator("input[name=email]").fill("reader@example.com")
    form.locator("textarea[name=body]").fill(BODY)
    form.get_by_role("button", name="Post comment").click()
    expect(page).to_have_url(f"{url}#respond")
    expect(page.get_by_text("is the name of a member of our newsroom")).to_be_visible()
    expect(form.locator("textarea[name=body]")).to_have_value(BODY)
    page.reload()  # a reload is an ordinary GET: nothing posts, everything is still there
    expect(form.locator("textarea[name=body]")).to_have_value(BODY)

    form.locator("input[name=name]").fill("Ada Reader")
    form.get_by_role("button", name="Post comment").click()
    expect(page).to_have_url(re.compile(re.escape(url) + r"#comment-\d+$"))
    mine = page.locator("li.comment-is-held")
    expect(mine).to_contain_text(BODY)
    expect(mine).to_contain_text("awaiting moderation")
    expect(form.locator("textarea[name=body]")).to_have_value("")
    assert page.js_errors == []

    stranger = browser.new_context().new_page()
    stranger.goto(url)
    expect(stranger.locator("#comments-heading")).to_be_visible()
    expect(stranger.get_by_text(BODY)).to_have_count(0)
    stranger.context.close()
