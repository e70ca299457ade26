"""The section editor in a browser: a four-section article written with the "+ Kind" buttons,
reordered from the keyboard, one section previewed beside its text, word counts kept live;
and without JavaScript the position fields still order the sections."""

import pytest
from playwright.sync_api import expect

from blog.models import Article
from tests import factories
from tests.e2e.accessibility import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long pass phrase for tests"


def log_in(page, live_server):
    factories.kinds()
    factories.make_user(username="owner", password=PASSWORD, is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "owner")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def section(page, number):
    return page.locator("#sections-group .inline-related:not(.empty-form)").nth(number)


def test_write_reorder_and_preview_a_four_section_article(live_server, page):
    """Clicks: Add article, title, four "+ Kind" buttons (each focuses its heading), Preview;
    axe finds nothing serious with sections collapsed and a preview open."""
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/blog/article/add/")
    page.get_by_label("Title:").press_sequentially("Harbour Talks Reopen")
    expect(page.locator("#id_slug_helptext .slug-address")).to_have_text(
        "http://127.0.0.1:8000/articles/harbour-talks-reopen/"
    )

    plan = [
        ("+ Deep Dive", "Spare Parts", "> “We will not be hurried.”\n> — A minister"),
        ("+ Strategic Implications", "", "Ports matter. Insurers matter more."),
        ("Add another Section", "Talks Resume", "Negotiators met on **Tuesday** in Lisvard."),
        ("+ Conclusion", "", "Still uncertain."),
    ]
    for index, (button, heading, body) in enumerate(plan):
        page.get_by_role("button", name=button, exact=True).click()
        form = section(page, index)
        if heading:
            form.locator("input.section-heading").fill(heading)
        form.locator("textarea.section-body").fill(body)
        # The new section is the one open; the others are collapsed to their summary.
        expect(form.locator(".section-toggle")).to_have_attribute("aria-expanded", "true")
        if index:
            expect(section(page, 0).locator(".section-toggle")).to_have_attribute(
                "aria-expanded", "false"
            )
    expect(section(page, 0).locator(".section-summary")).to_contain_text("Deep Dive")
    expect(section(page, 0).locator(".section-summary")).to_contain_text("Spare Parts")
    expect(section(page, 0).locator(".section-summary-count")).to_have_text("7 words")
    expect(section(page, 3).locator("textarea.section-body")).to_be_visible()
    expect(page.locator(".word-total-value")).to_contain_text("words · 1 min read")

    # Alt+↑ in the Conclusion's text moves it above "Talks Resume"; focus stays in the text.
    conclusion = section(page, 3).locator("textarea.section-body")
    conclusion.press("Alt+ArrowUp")
    expect(section(page, 2).locator(".section-summary-kind")).to_have_text("Conclusion")
    expect(page.locator(".section-status")).to_contain_text("moved to position 3 of 4")
    expect(section(page, 2).locator("textarea.section-body")).to_be_focused()
    # …and "Move down" puts it back at the end.
    section(page, 2).get_by_role("button", name="↓ Move down").click()
    expect(section(page, 3).locator(".section-summary-kind")).to_have_text("Conclusion")

    # Preview the open section (the Conclusion) beside its text, rendered by the server.
    form = section(page, 3)
    form.get_by_role("button", name="Preview").click()
    preview = form.locator(".section-preview")
    expect(preview.locator("h2")).to_have_text("Conclusion")
    expect(preview.locator(".conclusion-body")).to_have_text("Still uncertain.")
    expect(preview.locator(".section-preview-status")).to_contain_text("2 words")
    form.locator("textarea.section-body").fill("Still <script>alert(1)</script>*uncertain*.")
    expect(preview.locator("em")).to_have_text("uncertain")
    assert preview.locator("script").count() == 0
    # Collapsed sections, the "+ Kind" buttons, counts and an open preview pass axe.
    assert serious_violations(page) == []

    page.locator("input[name=_preview]").first.click()
    page.wait_for_url("**/preview/**")
    article = Article.objects.get(slug="harbour-talks-reopen")
    kinds = [s.kind.slug for s in article.sections.all()]
    assert kinds == ["deep-dive", "strategic-implications", "section", "conclusion"]
    assert page.js_errors == []


def test_tag_suggestions_complete_the_tag_being_typed(live_server, page):
    """Typing "dip" offers the existing "diplomacy"; Enter puts it in the field."""
    log_in(page, live_server)
    factories.make_article(tags=["diplomacy", "sanctions"])
    page.goto(f"{live_server.url}/admin/blog/article/add/")
    tags = page.locator("#id_tags")
    tags.press_sequentially("sanctions, dip")
    option = page.get_by_role("option", name="diplomacy")
    expect(option).to_be_visible()
    assert serious_violations(page) == []  # the combobox and its open list
    tags.press("ArrowDown")
    tags.press("Enter")
    expect(tags).to_have_value("sanctions, diplomacy, ")
    assert page.url.endswith("/add/")  # Enter chose the tag; it did not submit the form
    assert page.js_errors == []


def test_without_javascript_positions_still_order_the_sections(live_server, page_without_js):
    """No script: every section is open and the position fields decide the order."""
    page = page_without_js
    article = factories.make_article(sections=factories.standard_sections())
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/blog/article/{article.pk}/change/")
    expect(page.locator("textarea[name='sections-2-body']")).to_be_visible()
    for index, position in enumerate([3, 1, 2]):
        page.fill(f"input[name='sections-{index}-position']", str(position))
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(f"**/admin/blog/article/{article.pk}/change/")
    headings = list(article.sections.values_list("heading", flat=True))
    assert headings == ["Sanctions and Spare Parts", "", "Talks Resume in Lisvard"]
