"""The disclosure: on every article with affiliate links or boxes, before the first of them."""

import re

import pytest

from affiliates.models import DisclosureSettings
from tests import factories
from tests.affiliates.factories import disclosure, make_link, place_box
from tests.blog.test_feeds import parse_feed

pytestmark = pytest.mark.django_db

LINK = "Buy [the kettle](aff:kettle)."
PLAIN = "No links here."


@pytest.fixture(autouse=True)
def kettle():
    return make_link(slug="kettle", name="Acme Kettle")


def article_with(*bodies, intro="A plain lede.", slug="piece"):
    sections = [("section", f"Part {n}", body) for n, body in enumerate(bodies, start=1)]
    return factories.make_article(slug=slug, intro=intro, sections=sections)


def page_outline(client, article) -> list[str]:
    """The article body as a sequence: disclosure, lede, part-N, box, in reading order."""
    html = client.get(article.get_absolute_url()).content.decode()
    body = html[html.index('<article class="article"') : html.index("</article>")]
    marks = [
        (r'class="affiliate-disclosure\b', "disclosure"),
        (r'<div class="lede', "lede"),
        (r'<section id="(part-\d+)"', None),
        (r'<aside class="product-box"', "box"),
        (r'class="affiliate-link"', "link"),
    ]
    found = []
    for pattern, name in marks:
        found += [(m.start(), name or m[1]) for m in re.finditer(pattern, body)]
    return [name for _, name in sorted(found)]


def test_link_in_the_lede_puts_the_disclosure_before_the_lede(client):
    """A link in the lede: the disclosure comes first, once."""
    article = article_with(PLAIN, intro=f"Lede. {LINK}")
    assert page_outline(client, article) == ["disclosure", "lede", "link", "part-1"]


def test_link_in_the_third_section_puts_it_before_that_section(client):
    """Links only in section 3: the disclosure sits between sections 2 and 3."""
    article = article_with(PLAIN, PLAIN, LINK, PLAIN)
    assert page_outline(client, article) == [
        "lede", "part-1", "part-2", "disclosure", "part-3", "link", "part-4",
    ]  # fmt: skip


def test_product_box_only_puts_it_just_before_the_box(client, kettle):
    """A box after section 2 (no links in the text): the disclosure precedes the box."""
    article = article_with(PLAIN, PLAIN, PLAIN)
    place_box(article, kettle, after_section=2)
    assert page_outline(client, article) == [
        "lede", "part-1", "part-2", "disclosure", "box", "part-3",
    ]  # fmt: skip


def test_box_at_the_end_only_puts_it_before_the_box(client, kettle):
    """A box at the end: the disclosure comes right before it, not after."""
    article = article_with(PLAIN, PLAIN)
    place_box(article, kettle)
    assert page_outline(client, article) == ["lede", "part-1", "part-2", "disclosure", "box"]


def test_no_affiliate_content_no_disclosure(client):
    """An article without affiliate links or boxes shows no disclosure."""
    article = article_with(PLAIN, "A [normal link](https://example.com/).")
    assert "affiliate-disclosure" not in client.get(article.get_absolute_url()).content.decode()


def test_inactive_box_is_hidden_and_needs_no_disclosure(client):
    """A box for an inactive link is not shown, so it does not call for a disclosure."""
    article = article_with(PLAIN)
    place_box(article, make_link(is_active=False))
    assert page_outline(client, article) == ["lede", "part-1"]


def test_always_show_puts_it_on_articles_without_links(client):
    """With "always show" on, an article without links closes with the disclosure."""
    disclosure(always_show=True)
    article = article_with(PLAIN)
    assert page_outline(client, article) == ["lede", "part-1", "disclosure"]


def test_top_placement_puts_it_before_everything(client):
    """Placement "top": before the lede even when the first link is in section 3."""
    disclosure(placement=DisclosureSettings.Placement.TOP)
    article = article_with(PLAIN, PLAIN, LINK)
    assert page_outline(client, article) == [
        "disclosure", "lede", "part-1", "part-2", "part-3", "link",
    ]  # fmt: skip


def test_repeat_at_end_shows_it_twice(client, kettle):
    """ "Repeat at end": once before the first link and once after the last box."""
    disclosure(repeat_at_end=True)
    article = article_with(LINK, PLAIN)
    place_box(article, kettle)
    assert page_outline(client, article) == [
        "lede", "disclosure", "part-1", "link", "part-2", "box", "disclosure",
    ]  # fmt: skip


def test_disclosure_text_is_the_owners(client):
    """The owner's Markdown text and title appear in the element, rendered and escaped."""
    disclosure(title="Money matters", text="We earn from **qualifying** purchases.")
    article = article_with(LINK)
    html = client.get(article.get_absolute_url()).content.decode()
    element = re.search(r'<aside class="affiliate-disclosure[^"]*"[^>]*>.*?</aside>', html, re.S)[0]
    assert "Money matters" in element
    assert "We earn from <strong>qualifying</strong> purchases." in element


@pytest.mark.parametrize("url", ["/feed/rss/", "/feed/atom/"])
def test_feeds_carry_the_disclosure_with_articles_that_have_links(client, url):
    """Feed entries with affiliate links start with the disclosure; others have none."""
    article_with(LINK, slug="with-links")
    article_with(PLAIN, slug="without-links")
    entries = {entry["link"].rstrip("/").rsplit("/", 1)[-1]: entry["content"]
               for entry in parse_feed(client.get(url).content)}  # fmt: skip
    assert entries["with-links"].lstrip().startswith('<aside class="affiliate-disclosure')
    assert "affiliate-disclosure" not in entries["without-links"]


def test_feeds_repeat_it_at_the_end_when_asked(client):
    """With "repeat at end", the feed entry also ends with the disclosure."""
    disclosure(repeat_at_end=True)
    article_with(LINK, slug="with-links")
    content = parse_feed(client.get("/feed/rss/").content)[0]["content"]
    assert content.count('<aside class="affiliate-disclosure') == 2
    assert content.rstrip().endswith("</aside>")
