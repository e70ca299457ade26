"""With Redis unreachable, public pages still answer 200 (uncached) and comments still post."""

import pytest

from comments.models import Comment
from tests import factories
from tests.comments.support import TWELVE_SECONDS, Clock, post_comment

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        alias: {
            "BACKEND": "blog.cache_backends.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "KEY_PREFIX": alias,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        for alias in ("default", "pages")
    }


def test_public_pages_answer_without_the_cache(client, redis_down):
    """Article, home, tag, feed, sitemap and search pages answer 200 while Redis is down."""
    article = factories.make_article(sections=factories.standard_sections(), tags=["diplomacy"])
    for url in (article.get_absolute_url(), "/", "/tags/diplomacy/", "/feed/rss/",
                "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-authors.xml", "/archive/",
                "/search/?q=article"):  # fmt: skip
        assert client.get(url).status_code == 200, url
        assert client.get(url).status_code == 200, url


def test_comments_can_be_posted_without_the_cache(client, redis_down, monkeypatch):
    """The rate limit lets the comment through (logged); the moderation rules still apply."""
    from comments import tokens

    clock = Clock()
    monkeypatch.setattr(tokens, "current_time", clock)
    article = factories.make_article()
    response = post_comment(client, article, clock, wait=TWELVE_SECONDS)
    assert response.status_code == 303
    assert Comment.objects.filter(article=article).count() == 1
