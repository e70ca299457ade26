"""In the browser: a reader answers the Strategic Implications section of an article."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BODY = "The implications for insurers deserve a section of their own."


def sample_article():
    return factories.make_article(
        title="Harbour Talks Reopen",
        sections=[
            (kind, heading, f"Text of {kind}.") for kind, heading in factories.SAMPLE_SECTIONS
        ],
    )


def write_and_post(page):
    form = page.locator("form.comment-form")
    form.locator("input[name=name]").fill("Ada Reader")
    form.locator("input[name=email]").fill("ada@example.com")
    form.locator("textarea[name=body]").fill(BODY)
    form.get_by_role("button", name="Post comment").click()


def test_reader_answers_strategic_implications(live_server, page):
    """Respond to this section under Strategic Implications, post, land on the comment,
    awaiting moderation and marked "on Strategic Implications"."""
    article = sample_article()
    url = f"{live_server.url}{article.get_absolute_url()}"
    page.goto(url)
    section = page.locator("section#strategic-implications")
    section.get_by_role("link", name="Respond to this section").click()
    expect(page).to_have_url(url)  # JavaScript sets the form up in place
    note = page.locator(".comment-responding-to")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Responding to: Strategic Implications")
    expect(page.locator("textarea[name=body]")).to_be_focused()
    # Clearing it, then choosing again, is possible before posting.
    note.get_by_role("link", name="Respond to the whole article").click()
    expect(note).to_be_hidden()
    section.get_by_role("link", name="Respond to this section").click()
    expect(note).to_contain_text("Strategic Implications")

    write_and_post(page)
    expect(page).to_have_url(re.compile(re.escape(url) + r"#comment-\d+$"))
    mine = page.locator("li.comment-is-held")
    expect(mine).to_contain_text(BODY)
    expect(mine).to_contain_text("awaiting moderation")
    expect(mine).to_contain_text("on Strategic Implications")
    on = mine.get_by_role("link", name="Strategic Implications")
    expect(on).to_have_attribute("href", "#strategic-implications")
    assert page.js_errors == []


def test_reader_answers_a_section_without_javascript(live_server, page_without_js):
    """The same flow with JavaScript off: the link reloads the page with the form set."""
    page = page_without_js
    article = sample_article()
    url = f"{live_server.url}{article.get_absolute_url()}"
    page.goto(url)
    page.locator("section#strategic-implications").get_by_role(
        "link", name="Respond to this section"
    ).click()
    expect(page).to_have_url(re.compile(r"\?respondto=\d+#respond$"))
    expect(page.locator(".comment-responding-to")).to_contain_text(
        "Responding to: Strategic Implications"
    )
    write_and_post(page)
    expect(page).to_have_url(re.compile(re.escape(url) + r"#comment-\d+$"))
    mine = page.locator("li.comment-is-held")
    expect(mine).to_contain_text("awaiting moderation")
    expect(mine).to_contain_text("on Strategic Implications")


def test_section_responses_pages_have_no_serious_axe_violations(live_server, page):
    """The article with comments on sections and a priced product box, the thread filtered
    to a section, the form set to answer one, and the form after "Respond" in place."""
    from datetime import date

    from comments.models import Comment
    from tests.affiliates.factories import make_link, place_box
    from tests.e2e.accessibility import audit, serious_violations

    article = sample_article()
    strategic = article.sections.get(kind__slug="strategic-implications")
    first = Comment.objects.create(
        article=article, section=strategic, name="Ana", email="ana@example.com",
        body="On the implications.", status="approved",
    )  # fmt: skip
    Comment.objects.create(
        article=article, section=strategic, parent=first, name="Jo", email="jo@example.com",
        body="A reply.", status="approved",
    )  # fmt: skip
    link = make_link(name="Acme Kettle", price_text="£49", price_checked_on=date(2026, 5, 3))
    place_box(article, link, after_section=6)
    url = f"{live_server.url}{article.get_absolute_url()}"
    problems = [
        *audit(page, url),
        *audit(page, f"{url}?section={strategic.pk}"),
        *audit(page, f"{url}?respondto={strategic.pk}"),
    ]
    page.goto(url)
    page.locator("section#conclusion").get_by_role("link", name="Respond to this section").click()
    expect(page.locator(".comment-responding-to")).to_contain_text("Conclusion")
    problems += serious_violations(page)
    assert not problems, "\n".join(problems)
    assert page.js_errors == []
