"""Old WordPress addresses answer 301 to the new ones; pages answer at their old path."""

import pytest
from django.urls import reverse

from blog.models import Article
from pages.models import Page
from tests.factories import make_article

from .support import SITE, run_import

pytestmark = pytest.mark.django_db


def _assert_redirect(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"].endswith(new)


def test_old_permalink_redirects_to_the_article(client):
    """GET of the post's old permalink path answers 301 to the article's new URL."""
    run_import(SITE)
    article = Article.objects.get(slug="sanctions-relief")
    _assert_redirect(client, "/2012/01/07/sanctions-relief/", article.get_absolute_url())
    _assert_redirect(client, "/2012/01/07/sanctions-relief", article.get_absolute_url())


def test_short_link_redirects_even_though_the_home_page_answers(client):
    """/?p=ID redirects, though / itself is the home page (200)."""
    run_import(SITE)
    article = Article.objects.get(slug="sanctions-relief")
    _assert_redirect(client, "/?p=10", article.get_absolute_url())
    assert client.get("/?p=999").status_code == 200


def test_category_tag_and_feed_archives_redirect(client):
    """Old category, tag and feed addresses lead to the tag pages and feed."""
    run_import(SITE)
    article = Article.objects.get(slug="sanctions-relief")
    tag = article.tags.get(name="Eastern Europe")
    _assert_redirect(client, "/category/eastern-europe/", reverse("blog:tag", args=[tag.slug]))
    _assert_redirect(client, "/?cat=5", reverse("blog:tag", args=[tag.slug]))
    sanctions = article.tags.get(name="Sanctions")
    _assert_redirect(client, "/tag/sanctions/", reverse("blog:tag", args=[sanctions.slug]))
    _assert_redirect(client, "/feed/", reverse("blog:feed-rss"))
    _assert_redirect(client, "/?feed=rss2", reverse("blog:feed-rss"))


def test_cloaked_affiliate_paths_redirect_to_go(client):
    """/recommends/<slug>/ → /go/<slug>/."""
    run_import(SITE)
    _assert_redirect(client, "/recommends/acme-kettle/", "/go/acme-kettle/")


def test_redirects_never_reveal_unpublished_articles(client):
    """An old address of a scheduled or draft post does not lead anywhere yet."""
    run_import(SITE)
    assert client.get("/?p=11").status_code == 200  # the home page, no redirect
    assert client.get("/2012/02/01/members-only/").status_code == 404


def test_redirect_follows_the_article_after_its_slug_changes(client):
    """A redirect to an article leads to its current address."""
    run_import(SITE)
    article = Article.objects.get(slug="sanctions-relief")
    article.slug = "renamed"
    article.save()
    _assert_redirect(client, "/2012/01/07/sanctions-relief/", "/articles/renamed/")


def test_redirects_never_shadow_a_live_page(client):
    """An old path that now belongs to a real page is served by that page."""
    run_import(SITE)
    live = make_article(slug="live")
    assert client.get(live.get_absolute_url()).status_code == 200


def test_wordpress_pages_are_served_at_their_old_path(client):
    """A published page answers at its old path in the site's templates, sanitised."""
    run_import(SITE)
    page = Page.objects.get(path="/about/")
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<em>Eastern Europe</em>" in html and "page-xss" not in html
    assert page.title in html
    assert client.get("/unfinished/").status_code == 404


def test_page_short_links_redirect_to_the_page(client):
    """/?page_id=ID leads to the page's path."""
    run_import(SITE)
    _assert_redirect(client, "/?page_id=20", "/about/")


def test_a_page_with_a_plain_permalink_gets_a_path_from_its_slug():
    """A page whose link was /?page_id=21 is kept at /<slug>/ (reported)."""
    out = run_import(SITE)
    assert Page.objects.get(title="Unfinished Page").path == "/unfinished/"
    assert "no pretty permalink: served at /unfinished/" in out
