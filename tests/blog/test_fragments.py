"""Fragments of the article page (its head, body and comment thread) kept like pages.

With the page cache off (``PAGE_CACHE=0``) or after a change to one part, a render redoes only
the parts whose dependencies changed; the article's row is kept with them, so a render whose
parts are all kept reads no SQL at all.
"""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from blog import caching
from comments import moderation
from comments.models import Comment
from tests import factories
from tests.affiliates.factories import make_link, place_box
from tests.comments.support import READER_KEY, approved, use_commenter_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(settings):
    """The page cache off, fragments on: every request renders its page."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False, "FRAGMENTS": True}


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("comments", [1, 40])
def test_a_render_with_kept_fragments_reads_nothing(
    client, rendered, author, comments, django_assert_num_queries
):
    """No query, whatever the number of sections and comments: the fragments and the
    article's row are kept; prevents the body, the thread or the row being built per request."""
    article = factories.make_article(
        author=author, sections=factories.standard_sections(), tags=["energy"]
    )
    for number in range(comments):
        approved(article, body=f"Comment number {number}.")
    url = article.get_absolute_url()
    first = page(client, url)
    with django_assert_num_queries(0):
        assert page(client, url) == first


def test_an_approved_comment_refreshes_the_thread(client, rendered, author):
    """Approving a comment shows it at once; the article's other fragments are kept."""
    article = factories.make_article(author=author, sections=factories.standard_sections())
    url = article.get_absolute_url()
    page(client, url)
    comment = Comment.objects.create(
        article=article, name="Ada", email="ada@example.com", body="Now visible.", status="pending"
    )
    assert "Now visible." not in page(client, url)
    moderation.approve(comment=comment)
    assert "Now visible." in page(client, url)
    assert "1 comment" in page(client, url)


def test_an_edit_refreshes_the_body_and_the_head(client, rendered, author):
    """A saved edit (title, lede) shows in the page body, its <head> and its JSON-LD."""
    article = factories.make_article(author=author)
    url = article.get_absolute_url()
    page(client, url)
    article.title = "A Better Title"
    article.intro = "A rewritten lede."
    article.save()
    html = page(client, url)
    assert "A rewritten lede." in html
    assert '<meta property="og:title" content="A Better Title">' in html
    assert '"headline": "A Better Title"' in html


def test_an_affiliate_change_refreshes_the_boxes(client, rendered, author):
    """A product box's link deactivated: the kept body is refreshed (where-used index)."""
    article = factories.make_article(author=author, sections=factories.standard_sections())
    link = make_link(name="Field Radio")
    place_box(article, link)
    url = article.get_absolute_url()
    assert "Field Radio" in page(client, url)
    link.is_active = False
    link.save()
    assert "Field Radio" not in page(client, url)


def test_personal_requests_never_use_or_fill_the_fragments(client, rendered, author):
    """A reader's own held comment is shown to them alone, never kept for others."""
    article = factories.make_article(author=author)
    url = article.get_absolute_url()
    page(client, url)
    use_commenter_key(client, READER_KEY)
    Comment.objects.create(
        article=article, name="Ada", email="ada@example.com", body="Mine, held.",
        status="pending", commenter_key=READER_KEY,
    )  # fmt: skip
    assert "Mine, held." in page(client, url)
    client.cookies.clear()
    assert "Mine, held." not in page(client, url)


def test_a_preview_is_never_taken_from_the_fragments(client, rendered, editor):
    """Staff previewing a draft see its current text, never a kept fragment."""
    article = factories.make_article(author=editor, status="draft", intro="First draft.")
    client.force_login(editor)
    preview = reverse("blog:preview", args=[article.pk])
    assert "First draft." in page(client, preview)
    article.intro = "Second draft."
    article.save()
    assert "Second draft." in page(client, preview)


def gone(client, url) -> None:
    assert client.get(url).status_code == 404


def test_an_unpublished_article_is_gone_at_once(client, rendered, author):
    """The kept row is not served after the article is taken down."""
    article = factories.make_article(author=author)
    url = article.get_absolute_url()
    page(client, url)
    article.status = "draft"
    article.save()
    gone(client, url)


def test_a_deleted_article_is_gone_at_once(client, rendered, author):
    article = factories.make_article(author=author)
    url = article.get_absolute_url()
    page(client, url)
    article.delete()
    gone(client, url)


def test_a_new_slug_moves_the_page(client, rendered, author):
    """The old address no longer serves the kept row; the new one shows the article."""
    article = factories.make_article(author=author, title="Old Name")
    old_url = article.get_absolute_url()
    page(client, old_url)
    article.slug = "new-name"
    article.save()
    assert client.get(old_url).status_code in (301, 404)  # a redirect, if one is kept
    assert "Old Name" in page(client, article.get_absolute_url())


def test_the_row_is_not_kept_with_fragments_off(
    client, settings, author, django_assert_num_queries
):
    """``PAGE_FRAGMENTS=0``: every render reads the article again (nothing kept)."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False, "FRAGMENTS": False}
    article = factories.make_article(author=author)
    url = article.get_absolute_url()
    page(client, url)
    type(article).objects.filter(pk=article.pk).update(title="Changed Unannounced")  # no signal
    assert "Changed Unannounced" in page(client, url)


def leave_unreadable_kept_rows() -> None:
    """What a release that renames a model leaves in the cache: rows pickled with a class
    that no longer exists."""
    cache = caching.page_cache()
    for key, (entry, _epoch) in list(caching._recent_fragments.entries.items()):
        if key.startswith("object:"):
            entry.content = b"cblog.models\nArticleBeforeTheRename\n)\x81."
            cache.set(key, entry)


def test_a_kept_row_that_cannot_be_read_is_fetched_again(client, rendered, author, caplog):
    """A kept row this release cannot unpickle is read from the database, with a warning,
    rather than a server error on every page until it expires."""
    article = factories.make_article(author=author, title="After the Deploy")
    url = article.get_absolute_url()
    page(client, url)
    leave_unreadable_kept_rows()
    with caplog.at_level(logging.WARNING, logger="blog.caching"):
        assert "After the Deploy" in page(client, url)
    assert "could not unpickle the kept article" in caplog.text
