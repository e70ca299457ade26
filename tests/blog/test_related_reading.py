"""Related reading at the end of an article: shared tags, and previous/next in its tag."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def related_titles(html: str) -> list[str]:
    block = html.split('class="related-list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'class="related-title" href="[^"]+">([^<]+)</a>', block)


def neighbours(html: str) -> dict[str, str]:
    found = re.findall(r'rel="(prev|next)" href="([^"]+)"', html.split("tag-neighbours", 1)[1])
    return dict(found)


def at(days: int):
    return timezone.now() - timedelta(days=days)


def test_related_articles_by_shared_tags_then_recency(client):
    """Three public articles: most shared tags first, newest first among equals; not itself."""
    article = factories.make_article(title="Subject", tags=["a", "b", "c"], published_at=at(5))
    factories.make_article(title="Shares three", tags=["a", "b", "c"], published_at=at(40))
    factories.make_article(title="Shares two old", tags=["a", "b"], published_at=at(30))
    factories.make_article(title="Shares two new", tags=["b", "c", "z"], published_at=at(1))
    factories.make_article(title="Shares one", tags=["c"], published_at=at(0))
    factories.make_article(title="Shares none", tags=["z"], published_at=at(0))
    html = client.get(article.get_absolute_url()).content.decode()
    assert related_titles(html) == ["Shares three", "Shares two new", "Shares two old"]


def test_drafts_and_scheduled_never_appear_as_related(client):
    """Drafts, articles in review and scheduled ones are never related or neighbours."""
    article = factories.make_article(title="Subject", tags=["a"], published_at=at(5))
    factories.make_article(title="Secret draft", tags=["a"], status=Article.Status.DRAFT)
    factories.make_article(title="Secret review", tags=["a"], status=Article.Status.REVIEW)
    factories.make_article(title="Secret scheduled", tags=["a"], published_at=at(-1))
    factories.make_article(title="Public one", tags=["a"], published_at=at(9))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Secret" not in html
    assert related_titles(html) == ["Public one"]


def test_previous_and_next_in_the_primary_tag(client):
    """The primary tag is the first by name; previous is older, next is newer, in that tag."""
    older = factories.make_article(title="Older", tags=["alpha"], published_at=at(10))
    factories.make_article(title="Other tag", tags=["beta"], published_at=at(6))
    article = factories.make_article(title="Middle", tags=["beta", "alpha"], published_at=at(5))
    newer = factories.make_article(title="Newer", tags=["alpha"], published_at=at(1))
    factories.make_article(title="Newest", tags=["alpha"], published_at=at(0))
    html = client.get(article.get_absolute_url()).content.decode()
    assert neighbours(html) == {"prev": older.get_absolute_url(), "next": newer.get_absolute_url()}
    assert "Previous in alpha" in html and "Next in alpha" in html


def test_an_article_without_tags_has_no_related_block(client):
    """No tags, nothing to relate: no empty heading."""
    article = factories.make_article(title="Lonely")
    factories.make_article(title="Another")
    assert "Related reading" not in client.get(article.get_absolute_url()).content.decode()


def test_a_newly_published_article_sharing_a_tag_refreshes_the_block(client):
    """The cached page shows a new article with a shared tag as soon as it is published."""
    article = factories.make_article(title="Subject", tags=["a"], published_at=at(5))
    url = article.get_absolute_url()
    assert "Fresh one" not in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    draft = factories.make_article(title="Fresh one", tags=["a"], status=Article.Status.DRAFT)
    assert "Fresh one" not in client.get(url).content.decode()
    draft.status = Article.Status.PUBLISHED
    draft.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert related_titles(response.content.decode()) == ["Fresh one"]


def test_a_related_article_renamed_or_withdrawn_refreshes_the_block(client):
    """Editing a shown article's title, or withdrawing it, changes the cached block."""
    article = factories.make_article(title="Subject", tags=["a"], published_at=at(5))
    other = factories.make_article(title="First title", tags=["a"], published_at=at(9))
    url = article.get_absolute_url()
    assert related_titles(client.get(url).content.decode()) == ["First title"]
    other.title = "Second title"
    other.save()
    assert related_titles(client.get(url).content.decode()) == ["Second title"]
    other.status = Article.Status.UNPUBLISHED
    other.save()
    assert "Second title" not in client.get(url).content.decode()


def test_tagging_another_article_refreshes_the_block(client):
    """Adding the shared tag to a public article puts it in the block at once."""
    article = factories.make_article(title="Subject", tags=["a"], published_at=at(5))
    other = factories.make_article(title="Tagged later", tags=["z"], published_at=at(9))
    url = article.get_absolute_url()
    assert "Tagged later" not in client.get(url).content.decode()
    other.tags.add("a")
    assert related_titles(client.get(url).content.decode()) == ["Tagged later"]


@pytest.mark.parametrize("size", [2, 20])
def test_related_reading_costs_fixed_queries(client, django_assert_max_num_queries, size):
    """Related articles are one query and the neighbours one more, however many share tags
    (no query per related article or tag)."""
    tags = [f"tag{i}" for i in range(4)]
    for day in range(size):
        factories.make_article(tags=tags[: 1 + day % 4], published_at=at(day + 1))
    article = factories.make_article(tags=tags, published_at=at(0))
    with django_assert_max_num_queries(10):
        html = client.get(article.get_absolute_url()).content.decode()
    assert len(related_titles(html)) == min(3, size)


def test_related_articles_are_ranked_among_the_newest_candidates(client, monkeypatch):
    """Bounded work: only the newest RELATED_CANDIDATES articles sharing a tag are ranked."""
    from blog import related

    monkeypatch.setattr(related, "RELATED_CANDIDATES", 2)
    article = factories.make_article(title="Subject", tags=["a", "b"], published_at=at(50))
    factories.make_article(title="Old but close", tags=["a", "b"], published_at=at(40))
    factories.make_article(title="New one", tags=["a"], published_at=at(2))
    factories.make_article(title="Newer one", tags=["b"], published_at=at(1))
    html = client.get(article.get_absolute_url()).content.decode()
    assert related_titles(html) == ["Newer one", "New one"]
