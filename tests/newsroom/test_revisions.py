"""Revisions: every save is one, any two compare word by word, any one restores exactly."""

import re

import pytest
from django.urls import reverse

from blog.models import Article
from tests.newsroom.support import change_form_data, change_url, history_url

pytestmark = pytest.mark.django_db

HISTORY_QUERIES = 9  # session, user, article, revisions, moves, kinds… (README)


def revision_ids(client, article):
    html = client.get(history_url(article)).content.decode()
    return [int(i) for i in re.findall(r'name="b" value="(\d+)"', html)]


def sections_of(article):
    return [
        (s.kind.slug, s.heading, s.body)
        for s in Article.objects.get(pk=article.pk).sections.select_related("kind")
    ]


def edit(client, article, **changes):
    article = Article.objects.get(pk=article.pk)
    response = client.post(change_url(article), change_form_data(article, **changes))
    assert response.status_code == 302, response.content.decode()[:3000]


def test_restore_brings_back_sections_order_kinds_and_tags(client, desk):
    """Restoring an earlier revision gives its exact sections (order, kinds) and tags back."""
    live = desk["bob_live"]
    client.force_login(desk["editor"])
    edit(client, live)  # revision 1: the original
    original = (sections_of(live), sorted(Article.objects.get(pk=live.pk).tags.names()))
    data = change_form_data(Article.objects.get(pk=live.pk), tags="other")
    data["sections-0-DELETE"] = "on"
    data["sections-1-position"] = "9"  # move the second section last
    data["sections-2-heading"] = "Outcome"
    assert client.post(change_url(live), data).status_code == 302
    assert sections_of(live) != original[0]
    first = revision_ids(client, live)[-1]
    response = client.post(reverse("admin:blog_article_restore", args=[live.pk, first]))
    assert response.status_code == 302
    restored = Article.objects.get(pk=live.pk)
    assert (sections_of(live), sorted(restored.tags.names())) == original
    assert len(revision_ids(client, live)) == 3  # nothing destroyed: restore is a new one
    assert "met <em>again</em>" in client.get(live.get_absolute_url()).content.decode()


def test_compare_shows_word_changes_and_moved_sections(client, desk):
    """The history compares two revisions: words in <del>/<ins>, a moved section as moved."""
    live = desk["bob_live"]
    client.force_login(desk["editor"])
    edit(client, live)
    data = change_form_data(
        Article.objects.get(pk=live.pk),
        sections={0: ("Talks Resume in Lisvard", "Negotiators met twice.")},
    )
    data["sections-0-position"] = "9"
    assert client.post(change_url(live), data).status_code == 302
    newer, older = revision_ids(client, live)[:2]
    html = client.get(history_url(live), {"a": older, "b": newer}).content.decode()
    assert "<ins>twice</ins>" in html and "<del>" in html
    assert "moved and changed" in html and "1 → 3" in html


def test_author_cannot_restore_on_a_published_article(client, desk):
    """Restoring changes the live text: on a published article only editors may."""
    live = desk["alice_live"]
    client.force_login(desk["editor"])
    edit(client, live)
    edit(client, live, title="Edited by the desk")
    oldest = revision_ids(client, live)[-1]
    client.force_login(desk["alice"])
    response = client.post(reverse("admin:blog_article_restore", args=[live.pk, oldest]))
    assert response.status_code == 403
    assert Article.objects.get(pk=live.pk).title == "Edited by the desk"


def test_revision_of_another_article_cannot_be_restored(client, desk):
    """A revision id from another article in the URL is refused (404)."""
    client.force_login(desk["editor"])
    edit(client, desk["alice_live"])
    other = revision_ids(client, desk["alice_live"])[0]
    url = reverse("admin:blog_article_restore", args=[desk["bob_live"].pk, other])
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("revisions", [2, 12])
def test_history_page_query_count_is_flat(client, desk, revisions, django_assert_max_num_queries):
    """The history page reads revisions, their people, moves and proposals in fixed queries
    (no query per revision row)."""
    live = desk["bob_live"]
    client.force_login(desk["editor"])
    for number in range(revisions):
        edit(client, live, dek=f"Version {number}")
    with django_assert_max_num_queries(HISTORY_QUERIES):
        assert client.get(history_url(live)).status_code == 200
