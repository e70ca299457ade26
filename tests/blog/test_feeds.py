"""Feeds, sitemap and robots.txt: valid XML/text that lists exactly the public articles."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from blog.models import Article
from tests import factories

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

FEEDS = ["/feed/rss/", "/feed/atom/"]
XML_PAGES = [
    *FEEDS,
    "/tags/diplomacy/feed/rss/",
    "/tags/diplomacy/feed/atom/",
    "/sitemap-articles.xml",
]

pytestmark = pytest.mark.django_db


# --- helpers -------------------------------------------------------------------------------


def parse_feed(content: bytes) -> list[dict[str, str]]:
    """Entries of an RSS 2.0 or Atom 1.0 document as {title, link, content}."""
    root = ElementTree.fromstring(content)
    if root.tag == "rss":
        return [
            {
                "title": item.findtext("title", ""),
                "link": item.findtext("link", ""),
                "content": item.findtext("description", ""),
            }
            for item in root.iter("item")
        ]
    assert root.tag == f"{ATOM}feed", root.tag
    entries = []
    for entry in root.iter(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        entries.append(
            {
                "title": entry.findtext(f"{ATOM}title", ""),
                "link": link.get("href", "") if link is not None else "",
                "content": entry.findtext(f"{ATOM}content") or entry.findtext(f"{ATOM}summary", ""),
            }
        )
    return entries


def sitemap_locations(content: bytes) -> list[str]:
    root = ElementTree.fromstring(content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def all_sitemap_locations(client) -> list[str]:
    """Every URL in the sitemaps that the index at /sitemap.xml names, as a crawler reads them."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert ElementTree.fromstring(index.content).tag == f"{SITEMAP}sitemapindex"
    locations = []
    for page in sitemap_locations(index.content):
        response = client.get(page.removeprefix("http://testserver"))
        assert response.status_code == 200, page
        locations += sitemap_locations(response.content)
    return locations


class AlternateLinks(HTMLParser):
    """Collects (type, href) of every <link rel="alternate"> in a page."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "alternate":
            self.links.append((attributes.get("type", ""), attributes.get("href", "")))


def alternate_links(html: str) -> list[tuple[str, str]]:
    parser = AlternateLinks()
    parser.feed(html)
    return parser.links


@pytest.fixture
def public_and_hidden(author):
    """One public article and three that readers must not see, all tagged "diplomacy"."""
    now = timezone.now()
    public = factories.make_article(
        title="Published Pelican Piece",
        slug="published-pelican",
        author=author,
        sections=factories.standard_sections(),
        tags=["diplomacy", "sanctions"],
        published_at=now - timedelta(hours=2),
    )
    hidden = [
        factories.make_article(
            title="Draft Dromedary Piece",
            slug="draft-dromedary",
            author=author,
            sections=factories.standard_sections(),
            tags=["diplomacy"],
            status=Article.Status.DRAFT,
        ),
        factories.make_article(
            title="Review Reindeer Piece",
            slug="review-reindeer",
            author=author,
            sections=factories.standard_sections(),
            tags=["diplomacy"],
            status=Article.Status.REVIEW,
            published_at=now - timedelta(hours=1),
        ),
        factories.make_article(
            title="Scheduled Salamander Piece",
            slug="scheduled-salamander",
            author=author,
            sections=factories.standard_sections(),
            tags=["diplomacy"],
            status=Article.Status.PUBLISHED,
            published_at=now + timedelta(days=3),
        ),
    ]
    return public, hidden


# --- every document lists exactly the public articles ---------------------------------------


@pytest.mark.parametrize("url", XML_PAGES)
def test_document_is_xml_listing_only_public_articles(client, public_and_hidden, url):
    """Feeds and sitemap parse as XML, include the published article and no hidden one."""
    public, hidden = public_and_hidden
    response = client.get(url)
    assert response.status_code == 200
    ElementTree.fromstring(response.content)  # raises if not well-formed
    body = response.content.decode()
    assert public.get_absolute_url() in body
    for article in hidden:
        assert article.title not in body
        assert article.slug not in body


@pytest.mark.parametrize("url", XML_PAGES[:4])
def test_feed_entries_are_exactly_the_public_articles(client, public_and_hidden, url):
    """Each feed has one entry per public article: the published one, linked absolutely."""
    public, _ = public_and_hidden
    entries = parse_feed(client.get(url).content)
    assert [entry["title"] for entry in entries] == [public.title]
    assert entries[0]["link"] == f"http://testserver{public.get_absolute_url()}"


@pytest.mark.parametrize("url", FEEDS)
def test_feed_content_types(client, public_and_hidden, url):
    """RSS is served as RSS and Atom as Atom, so readers pick the right parser."""
    response = client.get(url)
    expected = "application/rss+xml" if "rss" in url else "application/atom+xml"
    assert response["Content-Type"].startswith(expected)


@pytest.mark.parametrize("url", XML_PAGES[:4])
def test_feed_carries_full_content(client, public_and_hidden, url):
    """An entry holds the lede HTML and every section's heading and body, not just a summary."""
    [entry] = parse_feed(client.get(url).content)
    content = entry["content"]
    assert "<p>A lede paragraph.</p>" in content
    assert "A second paragraph of the lede." in content
    assert "Talks Resume in Lisvard" in content
    assert "Deep Dive: Sanctions and Spare Parts" in content
    assert "<h2>Conclusion</h2>" in content
    assert "Negotiators met <em>again</em>." in content
    assert "<blockquote" in content and "We will not be hurried." in content
    assert "<strong>uncertain</strong>" in content


def test_feed_entries_are_newest_first(client, author):
    """The feed lists the latest publication first."""
    now = timezone.now()
    factories.make_article(title="Older Otter", author=author, published_at=now - timedelta(days=2))
    factories.make_article(title="Newer Newt", author=author, published_at=now - timedelta(hours=1))
    titles = [entry["title"] for entry in parse_feed(client.get("/feed/rss/").content)]
    assert titles == ["Newer Newt", "Older Otter"]


# --- tag feeds ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_tag_feed_lists_only_articles_with_that_tag(client, author, kind):
    """A tag's feed lists that tag's public articles and nothing else."""
    tagged = factories.make_article(title="Tagged Toucan", author=author, tags=["sanctions"])
    factories.make_article(title="Untagged Urchin", author=author, tags=["energy"])
    factories.make_article(title="Bare Badger", author=author)
    entries = parse_feed(client.get(f"/tags/sanctions/feed/{kind}/").content)
    assert [entry["title"] for entry in entries] == [tagged.title]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_tag_feed_title_names_the_tag(client, author, kind):
    """A tag feed says which tag it follows, so subscribers can tell feeds apart."""
    factories.make_article(author=author, tags=["sanctions"])
    content = client.get(f"/tags/sanctions/feed/{kind}/").content
    root = ElementTree.fromstring(content)
    title = root.findtext("channel/title") if kind == "rss" else root.findtext(f"{ATOM}title")
    assert title == "Broadsheet: sanctions"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_unknown_tag_feed_is_404(client, author, kind):
    """A feed for a tag that does not exist is a 404, not an empty feed."""
    factories.make_article(author=author, tags=["sanctions"])
    assert client.get(f"/tags/no-such-tag/feed/{kind}/").status_code == 404


# --- HTML pages advertise the feeds ---------------------------------------------------------


def test_every_html_page_advertises_site_feeds(client, public_and_hidden):
    """Home, article and tag pages each carry RSS and Atom <link rel="alternate">."""
    public, _ = public_and_hidden
    for url in ["/", public.get_absolute_url(), "/tags/diplomacy/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        links = alternate_links(response.content.decode())
        assert ("application/rss+xml", "/feed/rss/") in links, url
        assert ("application/atom+xml", "/feed/atom/") in links, url


def test_tag_page_advertises_its_own_feeds(client, public_and_hidden):
    """A tag page also advertises that tag's RSS and Atom feeds, and those feeds resolve."""
    links = alternate_links(client.get("/tags/diplomacy/").content.decode())
    assert ("application/rss+xml", "/tags/diplomacy/feed/rss/") in links
    assert ("application/atom+xml", "/tags/diplomacy/feed/atom/") in links
    for _, href in links:
        assert client.get(href).status_code == 200, href


def test_home_page_does_not_advertise_tag_feeds(client, public_and_hidden):
    """Only the two site feeds are advertised on the home page."""
    links = alternate_links(client.get("/").content.decode())
    assert sorted(href for _, href in links) == ["/feed/atom/", "/feed/rss/"]


# --- sitemap and robots.txt -----------------------------------------------------------------


def test_sitemap_lists_every_published_article(client, author):
    """Every public article's absolute URL is in the sitemap; drafts and scheduled ones aren't."""
    now = timezone.now()
    published = [
        factories.make_article(author=author, published_at=now - timedelta(days=n))
        for n in range(1, 4)
    ]
    draft = factories.make_article(author=author, status=Article.Status.DRAFT)
    review = factories.make_article(author=author, status=Article.Status.REVIEW)
    scheduled = factories.make_article(author=author, published_at=now + timedelta(hours=1))
    locations = all_sitemap_locations(client)
    for article in published:
        assert f"http://testserver/articles/{article.slug}/" in locations
    for article in (draft, review, scheduled):
        assert f"http://testserver/articles/{article.slug}/" not in locations
    assert "http://testserver/" in locations
    assert "http://testserver/archive/" in locations
    assert "http://testserver/tags/" in locations
    # The author's page: they have public articles (the hidden ones' author is the same).
    assert f"http://testserver/authors/{author.username}/" in locations
    assert len(locations) == len(published) + 4


def test_robots_txt(client, db):
    """robots.txt is plain text, keeps crawlers out of /admin/ and points to the sitemap."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the public site itself stays crawlable


# --- query budget ---------------------------------------------------------------------------

FEED_QUERY_BUDGET = 4
TAG_FEED_QUERY_BUDGET = 5


def make_articles(count: int, author) -> None:
    for _ in range(count):
        factories.make_article(
            author=author, sections=factories.standard_sections(), tags=["diplomacy", "energy"]
        )


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("url", FEEDS)
def test_feed_query_count_is_constant(client, author, django_assert_max_num_queries, size, url):
    """A feed's queries don't grow with its items: no N+1 over authors, tags, sections or kinds."""
    make_articles(size, author)
    with django_assert_max_num_queries(FEED_QUERY_BUDGET):
        response = client.get(url)
    assert len(parse_feed(response.content)) == size


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_tag_feed_query_count_is_constant(
    client, author, django_assert_max_num_queries, size, kind
):
    """A tag feed's queries don't grow with its items: the tag lookup plus the same prefetches."""
    make_articles(size, author)
    with django_assert_max_num_queries(TAG_FEED_QUERY_BUDGET):
        response = client.get(f"/tags/diplomacy/feed/{kind}/")
    assert len(parse_feed(response.content)) == size


def test_sitemap_query_count_is_constant(client, author, django_assert_max_num_queries):
    """The sitemap reads articles in one query however many there are (no per-row lookups)."""
    make_articles(12, author)
    with django_assert_max_num_queries(2):
        response = client.get("/sitemap-articles.xml")
    assert len(sitemap_locations(response.content)) == 12


def test_sitemap_forgets_a_withdrawn_article_at_once(client, author):
    """The cached sitemap is rebuilt as soon as an article goes back to draft."""
    article = factories.make_article(author=author)
    url = f"http://testserver{article.get_absolute_url()}"
    assert url in all_sitemap_locations(client)
    article.status = Article.Status.DRAFT
    article.save()
    assert url not in all_sitemap_locations(client)


def test_sitemap_is_served_from_the_cache(client, author, django_assert_num_queries):
    """A second request for an unchanged sitemap costs no query."""
    factories.make_article(author=author)
    client.get("/sitemap.xml")
    with django_assert_num_queries(0):
        assert client.get("/sitemap.xml").status_code == 200
