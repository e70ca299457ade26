"""Corrections and updates: editors add them; readers see them on the article, in feeds,
in the JSON-LD and Atom dates, and on /corrections/ newest first."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Article, Correction
from blog.views import CorrectionsView
from tests import factories
from tests.newsroom.support import change_form_data, change_url, member

pytestmark = pytest.mark.django_db


def correction_form(data, *, kind="correction", note="The vote was 52, not 25.", when=None):
    when = timezone.localtime(when or timezone.now())
    data.update({
        "corrections-TOTAL_FORMS": "1", "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0", "corrections-MAX_NUM_FORMS": "1000",
        "corrections-0-kind": kind, "corrections-0-note": note,
        "corrections-0-created_at_0": when.strftime("%Y-%m-%d"),
        "corrections-0-created_at_1": when.strftime("%H:%M:%S"),
    })  # fmt: skip
    return data


def test_editor_adds_a_correction_readers_see_it(client):
    """The correction shows on the page (article-correction), JSON-LD, feed and Atom dates."""
    factories.kinds()
    editor = member("Editors")
    article = factories.make_article(sections=factories.standard_sections())
    article.updated_at = timezone.now() - timedelta(days=3)
    Article.objects.filter(pk=article.pk).update(updated_at=article.updated_at)
    before = client.get(article.get_absolute_url()).content.decode()
    assert "article-correction" not in before
    client.force_login(editor)
    response = client.post(change_url(article), correction_form(change_form_data(article)))
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.created_by == editor
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'class="article-correction[^"]*"[^>]*>.*The vote was 52, not 25', html, re.S)
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    modified = timezone.datetime.fromisoformat(data["dateModified"])
    assert modified >= correction.created_at - timedelta(seconds=1)
    atom = client.get(reverse("blog:feed-atom")).content.decode()
    assert "The vote was 52, not 25." in atom
    entry_updated = re.search(r"<entry>.*?<updated>(.*?)</updated>", atom, re.S).group(1)
    assert timezone.datetime.fromisoformat(entry_updated) >= correction.created_at.replace(
        microsecond=0
    )


def test_corrections_page_lists_newest_first_and_only_public(client):
    """/corrections/ lists corrections of public articles, newest first."""
    live = factories.make_article(title="Live piece")
    hidden = factories.make_article(title="Hidden piece", status=Article.Status.DRAFT)
    now = timezone.now()
    Correction.objects.create(article=live, note="Older note.", created_at=now - timedelta(days=2))
    Correction.objects.create(article=live, note="Newer note.", kind="update", created_at=now)
    Correction.objects.create(article=hidden, note="Secret note.")
    html = client.get(reverse("blog:corrections")).content.decode()
    assert html.index("Newer note.") < html.index("Older note.")
    assert "Secret note." not in html and "Hidden piece" not in html


def test_only_the_corrections_pages_the_site_links_are_stored(client, monkeypatch):
    """``?page=2`` (the "Older" link) is stored; a page asked for another way ("abc", "02",
    past the end) is shown, as Paginator.get_page does, but not stored."""
    monkeypatch.setattr(CorrectionsView, "per_page", 1)
    for number in range(3):
        Correction.objects.create(article=factories.make_article(), note=f"Note {number}.")
    url = reverse("blog:corrections")
    assert 'href="?page=2"' in client.get(url).content.decode()
    for query in ("?page=2", "?page=1"):
        assert client.get(url + query)["X-Page-Cache"] == "miss"
        assert client.get(url + query)["X-Page-Cache"] == "hit"
    for query in ("?page=abc", "?page=02", "?page=99", "?page=%D9%A2"):
        response = client.get(url + query)
        assert response.status_code == 200 and response["X-Page-Cache"] == "off", query


@pytest.mark.parametrize("size", [3, 30])
def test_corrections_page_query_budget(client, django_assert_max_num_queries, size):
    """One query for the page of corrections with their articles, one to count: no N+1."""
    for number in range(size):
        article = factories.make_article()
        Correction.objects.create(article=article, note=f"Note {number}.")
    with django_assert_max_num_queries(2):
        assert client.get(reverse("blog:corrections")).status_code == 200


def test_authors_cannot_add_corrections(client):
    """The corrections inline is the editor's: an author's forged rows are ignored."""
    factories.kinds()
    author = member("Authors")
    article = factories.make_article(author=author, status=Article.Status.DRAFT)
    client.force_login(author)
    html = client.get(change_url(article)).content.decode()
    assert "corrections-TOTAL_FORMS" not in html
    client.post(change_url(article), correction_form(change_form_data(article)))
    assert not Correction.objects.exists()


def test_correction_refreshes_the_cached_page(client):
    """A page cached before the correction shows it right after (no stale copy)."""
    article = factories.make_article()
    client.get(article.get_absolute_url())
    Correction.objects.create(article=article, note="Fixed a name.")
    assert "Fixed a name." in client.get(article.get_absolute_url()).content.decode()
