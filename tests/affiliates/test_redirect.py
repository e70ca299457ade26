"""/go/<slug>/: a redirect to the stored destination only, never cached or indexed."""

import pytest
from django.urls import reverse

from affiliates.models import AffiliateLink, DailyClicks
from blog.models import Article
from tests import factories
from tests.affiliates.factories import BROWSER, click, make_link, place_box

pytestmark = pytest.mark.django_db

DESTINATION = "https://shop.example/kettle?tag=broadsheet-21"
EVIL = "evil.example"


@pytest.fixture
def link():
    return make_link(slug="kettle", destination_url=DESTINATION)


def assert_private_headers(response):
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_redirects_to_the_stored_destination(client, link):
    """GET answers 302 with exactly the stored destination and the no-index, no-cache headers."""
    response = click(client, link)
    assert response.status_code == 302
    assert response["Location"] == DESTINATION
    assert_private_headers(response)


def test_head_answers_the_same_redirect(client, link):
    """HEAD gets the same redirect (link checkers see it work) and is not counted."""
    response = client.head("/go/kettle/", headers={"User-Agent": BROWSER})
    assert response.status_code == 302 and response["Location"] == DESTINATION
    assert_private_headers(response)
    assert link.total_clicks() == 0


def test_post_is_not_allowed(client, link):
    """Only GET and HEAD are answered."""
    assert client.post("/go/kettle/").status_code == 405


@pytest.mark.parametrize(
    "query",
    [
        "next=https://evil.example/", "url=https://evil.example/", "redirect=//evil.example",
        "destination=https%3A%2F%2Fevil.example", "from=https://evil.example/",
        "from=//evil.example", "to=javascript:alert(1)",
    ],
)  # fmt: skip
def test_no_parameter_changes_the_destination(client, link, query):
    """Query parameters never influence where the redirect goes."""
    response = client.get(f"/go/kettle/?{query}", headers={"User-Agent": BROWSER})
    assert response.status_code == 302
    assert response["Location"] == DESTINATION


@pytest.mark.parametrize(
    "path",
    [
        "/go/kettle//evil.example", "/go/kettle//evil.example/", "/go/kettle/evil.example/",
        "/go/kettle/%2F%2Fevil.example", "/go/kettle%2F%2Fevil.example/",
        "/go/%2F%2Fevil.example/", "/go//evil.example/", "/go/kettle/..%2F..%2Fevil.example",
        "/go/https:%2F%2Fevil.example/", "/go/kettle%5C%5Cevil.example/",
    ],
)  # fmt: skip
def test_no_path_trick_redirects_elsewhere(client, link, path):
    """Extra or encoded path segments are a 404, never a redirect off the site."""
    response = client.get(path, headers={"User-Agent": BROWSER})
    assert response.status_code == 404
    assert EVIL not in response.get("Location", "")


def test_unknown_slug_is_the_sites_404(client):
    """An unknown slug renders the site's own 404 page, still marked noindex and uncached."""
    response = client.get("/go/no-such-link/")
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()
    assert_private_headers(response)


def test_inactive_link_offers_the_way_back_to_its_article(client):
    """An inactive link answers 410 with a link back to the published article it came from."""
    link = make_link(is_active=False)
    article = factories.make_article(slug="harbour-talks")
    response = click(client, link, article_slug=article.slug)
    html = response.content.decode()
    assert response.status_code == 410
    assert "no longer available" in html
    assert f'href="{article.get_absolute_url()}"' in html
    assert_private_headers(response)
    assert link.total_clicks() == 0


@pytest.mark.parametrize("source", ["draft", "unknown", "hostile"])
def test_inactive_link_goes_home_unless_the_source_is_a_published_article(client, source):
    """The way back is looked up by slug; drafts, unknown and hostile values lead home."""
    link = make_link(is_active=False)
    factories.make_article(slug="secret-draft", status=Article.Status.DRAFT)
    claimed = {"draft": "secret-draft", "unknown": "nothing-here",
               "hostile": "%22%3E%3Cscript%3Ealert(1)%3C/script%3E"}[source]  # fmt: skip
    response = client.get(f"{link.get_absolute_url()}?from={claimed}")
    html = response.content.decode()
    assert response.status_code == 410
    assert f'href="{reverse("blog:home")}">Read the latest analysis' in html
    assert "secret-draft" not in html and "<script>alert" not in html


def test_a_destination_stored_around_validation_is_not_followed(client):
    """A row that no longer validates (written by raw update) gets the unavailable page."""
    link = make_link()
    AffiliateLink.objects.filter(pk=link.pk).update(destination_url="https://evil.example/\nx")
    response = click(client, link)
    assert response.status_code == 410
    assert "Location" not in response


def test_robots_txt_disallows_go(client):
    """robots.txt asks crawlers to leave /go/ alone."""
    assert "Disallow: /go/" in client.get("/robots.txt").content.decode().splitlines()


@pytest.mark.parametrize("size", [1, 15])
def test_redirect_query_budget(client, django_assert_max_num_queries, author, size):
    """At most 3 queries (link with its source article, then one upsert), whatever the data."""
    links = [make_link() for _ in range(size)]
    articles = [factories.make_article(author=author) for _ in range(size)]
    for link in links:
        for article in articles[:5]:
            click(client, link, article_slug=article.slug)
    target, source = links[-1], factories.make_article(author=author)
    place_box(source, target)
    with django_assert_max_num_queries(3):
        response = click(client, target, article_slug=source.slug)  # first click for this pair
    assert response.status_code == 302
    with django_assert_max_num_queries(3):
        click(client, target, article_slug=source.slug)  # the row exists now
    row = DailyClicks.objects.get(link=target, article=source)
    assert row.clicks == 2
