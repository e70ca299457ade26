import pytest

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reader_finds_an_old_article_from_the_header_search(live_server, page):
    """Typing a word in the header's search box lists the article, title match first, with
    the word highlighted; the page has no script errors."""
    factories.make_article(title="Harbour Dues Rise", intro="The port raises its dues.")
    factories.make_article(title="Grain Corridor", intro="Ships pay harbour fees again.")
    factories.make_article(title="Unrelated Piece", intro="Nothing to see.")
    page.goto(live_server.url)
    page.get_by_role("searchbox", name="Search articles").fill("harbour")
    page.get_by_role("searchbox", name="Search articles").press("Enter")
    page.wait_for_url("**/search/?q=harbour")
    results = page.locator(".search-result__title").all_text_contents()
    assert results == ["Harbour Dues Rise", "Grain Corridor"]
    assert page.locator(".search-result mark").first.inner_text().lower() == "harbour"
    page.get_by_role("link", name="Grain Corridor").click()
    assert page.locator("h1").inner_text() == "Grain Corridor"
    assert page.js_errors == []


def test_search_works_without_javascript(live_server, page_without_js):
    """With JavaScript off the search form still submits and shows results."""
    factories.make_article(title="Harbour Dues Rise")
    page_without_js.goto(live_server.url)
    page_without_js.get_by_role("searchbox", name="Search articles").fill("dues")
    page_without_js.get_by_role("button", name="Search").click()
    assert page_without_js.locator(".search-result__title").all_text_contents() == [
        "Harbour Dues Rise"
    ]
