import pytest

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reader_navigates_an_article_by_its_table_of_contents(live_server, page):
    """The contents list jumps to each section; the page has no script errors."""
    article = factories.make_article(sections=factories.standard_sections(), tags=["energy"])
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.locator("h1").inner_text() == article.title
    headings = page.locator("section[data-kind] > h2").all_text_contents()
    assert headings == [
        "Talks Resume in Lisvard",
        "Deep Dive: Sanctions and Spare Parts",
        "Conclusion",
    ]
    page.get_by_role("link", name="Deep Dive: Sanctions and Spare Parts").click()
    assert page.url.endswith("#deep-dive-sanctions-and-spare-parts")
    assert page.js_errors == []


def test_article_is_readable_without_javascript(live_server, page_without_js):
    """With JavaScript off the article, its sections and the stylesheet still load."""
    article = factories.make_article(sections=factories.standard_sections())
    response = page_without_js.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert response.status == 200
    assert page_without_js.locator("section[data-kind='conclusion'] h2").inner_text() == (
        "Conclusion"
    )
    font = page_without_js.locator("body").evaluate("el => getComputedStyle(el).fontFamily")
    assert font and font != "Times New Roman"


def test_home_page_fits_a_phone_screen(live_server, browser):
    """At 390 px wide nothing scrolls sideways."""
    factories.make_article(sections=factories.standard_sections(), tags=["a-long-tag-name"])
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0
