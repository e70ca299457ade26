"""Share links: signed, expiring, revocable, private; made by the author or an editor."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom.models import ShareLink

pytestmark = pytest.mark.django_db


def share(client, article):
    return client.post(reverse("admin:blog_article_share", args=[article.pk]))


def test_author_shares_a_draft_and_an_outsider_reads_it(client, desk):
    """The outsider sees the current text under a banner, never indexed, never cached."""
    draft = desk["alice_draft"]
    client.force_login(desk["alice"])
    assert share(client, draft).status_code == 302
    link = ShareLink.objects.get()
    assert link.created_by == desk["alice"]
    assert timedelta(days=6, hours=23) < link.expires_at - timezone.now() <= timedelta(days=7)
    change = client.get(reverse("admin:blog_article_change", args=[draft.pk])).content.decode()
    assert link.get_absolute_url() in change and "Alice Moss" in change
    client.logout()
    response = client.get(link.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Draft — not published" in html and "Alice draft" in html
    assert '<meta name="robots" content="noindex' in html
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_revoked_and_expired_links_answer_410(client, desk):
    """Revoking or expiry makes the link a 410 page in the site's style."""
    client.force_login(desk["editor"])
    share(client, desk["bob_draft"])
    share(client, desk["bob_draft"])
    first, second = ShareLink.objects.order_by("id")
    revoke = reverse("admin:blog_article_share_revoke", args=[desk["bob_draft"].pk, first.pk])
    client.post(revoke)
    ShareLink.objects.filter(pk=second.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.logout()
    for link in (first, second):
        response = client.get(link.get_absolute_url())
        assert response.status_code == 410
        assert "This link no longer works" in response.content.decode()
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "mangle",
    [lambda t: t[:-2] + "xx", lambda t: t.replace(":", ";"), lambda t: "1", lambda t: ""],
)
def test_forged_tokens_find_nothing(client, desk, mangle):
    """A tampered or guessed token is a 404, never another article."""
    client.force_login(desk["alice"])
    share(client, desk["alice_draft"])
    client.logout()
    token = mangle(ShareLink.objects.get().token) or "x"
    assert client.get(reverse("newsroom:share", args=[token])).status_code == 404


def test_authors_cannot_share_or_revoke_others_articles(client, desk):
    """Another author's article: 404 for making or revoking its links."""
    client.force_login(desk["editor"])
    share(client, desk["bob_draft"])
    link = ShareLink.objects.get()
    client.force_login(desk["alice"])
    assert share(client, desk["bob_draft"]).status_code == 404
    revoke = reverse("admin:blog_article_share_revoke", args=[desk["bob_draft"].pk, link.pk])
    assert client.post(revoke).status_code == 404
    link.refresh_from_db()
    assert link.is_live and ShareLink.objects.count() == 1


@pytest.mark.parametrize(("days", "made"), [("2", True), ("90", True), ("91", False), ("0", False)])
def test_share_link_duration(client, desk, days, made):
    """The author may choose 1–90 days; anything else makes no link."""
    client.force_login(desk["alice"])
    url = reverse("admin:blog_article_share", args=[desk["alice_draft"].pk])
    client.post(url, {"share_days": days})
    link = ShareLink.objects.first()
    assert (link is not None) == made
    if made:
        assert link.expires_at - link.created_at == timedelta(days=int(days))


def test_published_articles_are_not_shared_privately(client, desk):
    """A published article has its public address; an old link leads there."""
    client.force_login(desk["alice"])
    share(client, desk["alice_live"])
    assert not ShareLink.objects.exists()
