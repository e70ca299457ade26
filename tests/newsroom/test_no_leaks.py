"""A proposed change never reaches readers — page, cached page, feeds, sitemap — until an
editor approves it; then every one of them shows it."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.newsroom.support import change_form_data, change_url

pytestmark = pytest.mark.django_db

SECRET = "Negotiators met a fourth time, secretly."


def public_texts(live) -> dict[str, str]:
    reader = Client()
    urls = {
        "page": live.get_absolute_url(),
        "rss": reverse("blog:feed-rss"),
        "atom": reverse("blog:feed-atom"),
        "tag-feed": reverse("blog:tag-feed-atom", args=["harbour"]),
        "home": "/",
    }
    return {name: reader.get(url).content.decode() for name, url in urls.items()}


def test_proposal_stays_out_of_every_public_surface_until_approved(client, desk):
    """Cached and fresh pages, feeds and sitemap keep the published text; approval shows it."""
    live = desk["alice_live"]
    public_texts(live)
    warm = public_texts(live)  # now served from the page cache
    client.force_login(desk["alice"])
    data = change_form_data(live, title="Alice live, rewritten", slug="alice-moved",
                            sections={0: ("Talks Resume in Lisvard", SECRET)})  # fmt: skip
    assert client.post(change_url(live), data).status_code == 302
    after = public_texts(live)
    for name, html in after.items():
        assert SECRET not in html and "rewritten" not in html, name
        assert ("Alice live" in html) == ("Alice live" in warm[name]), name
    sitemap = Client().get(reverse("sitemap")).content.decode()
    assert "alice-moved" not in sitemap
    client.force_login(desk["editor"])
    proposal = reverse("admin:blog_article_proposal", args=[live.pk])
    assert client.post(proposal, {"_approve": "1"}).status_code == 302
    approved = public_texts(live)
    for name in ("page", "rss", "atom", "tag-feed"):
        assert SECRET in approved[name], name
    assert "Alice live, rewritten" in approved["home"]
