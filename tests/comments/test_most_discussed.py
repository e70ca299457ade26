"""“Most discussed this week” on the home page: approved comments of the last seven days."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog import caching
from blog.models import Article
from comments import moderation
from comments.models import Comment
from tests import factories
from tests.comments.support import approved

pytestmark = pytest.mark.django_db


def discussed(html: str) -> list[tuple[str, str]]:
    if 'class="most-discussed"' not in html:
        return []
    block = html.split('class="most-discussed"', 1)[1].split("</aside>", 1)[0]
    return re.findall(r'<a href="[^"]+">([^<]+)</a> <span class="discussed-count">(\d+)', block)


def comments(article, count, *, days_ago=0, status="approved"):
    for _ in range(count):
        made = approved(article)
        Comment.objects.filter(pk=made.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago), status=status
        )


def test_articles_ranked_by_this_weeks_approved_comments(client):
    """Counted: approved comments of the last 7 days; not older, pending, spam or removed."""
    busy = factories.make_article(title="Busy")
    quiet = factories.make_article(title="Quiet")
    old_news = factories.make_article(title="Old news")
    comments(busy, 3)
    comments(quiet, 1, days_ago=2)
    comments(quiet, 4, status="pending")
    comments(quiet, 4, status="spam")
    comments(quiet, 4, status="removed")
    comments(old_news, 9, days_ago=8)
    html = client.get(reverse("blog:home")).content.decode()
    assert discussed(html) == [("Busy", "3"), ("Quiet", "1")]


def test_drafts_never_appear_as_discussed(client):
    """An article taken off the site leaves the block, whatever its comments."""
    withdrawn = factories.make_article(title="Withdrawn")
    comments(withdrawn, 5)
    withdrawn.status = Article.Status.UNPUBLISHED
    withdrawn.save()
    factories.make_article(title="Public")
    assert discussed(client.get(reverse("blog:home")).content.decode()) == []


def test_a_quiet_week_shows_no_block(client):
    factories.make_article()
    assert "Most discussed" not in client.get(reverse("blog:home")).content.decode()


def test_approving_and_removing_refresh_the_cached_home_page(client):
    """Moderation changes the block on the stored home page at once."""
    article = factories.make_article(title="Talked about")
    factories.make_article(title="Other")
    url = reverse("blog:home")
    assert discussed(client.get(url).content.decode()) == []
    assert client.get(url)["X-Page-Cache"] == "hit"
    pending = Comment.objects.create(
        article=article, name="Reader", email="r@example.com", body="Held.", status="pending"
    )
    assert client.get(url)["X-Page-Cache"] == "hit"  # a pending comment changes nothing
    moderation.approve(comment=pending)
    assert discussed(client.get(url).content.decode()) == [("Talked about", "1")]
    moderation.remove(comment=Comment.objects.get(pk=pending.pk))
    assert discussed(client.get(url).content.decode()) == []


def test_the_home_page_expires_at_the_next_hour(client, monkeypatch):
    """ "This week" moves with the clock: the stored page lives until the top of the hour."""
    factories.make_article()
    recorded = []
    original = caching.valid_until
    monkeypatch.setattr(caching, "valid_until", lambda moment: (recorded.append(moment),
                                                                original(moment)))  # fmt: skip
    client.get(reverse("blog:home"))
    now = timezone.now()
    assert recorded and all(moment > now for moment in recorded)
    assert min(recorded) <= now + timedelta(hours=1)
    assert min(recorded).minute == 0 and min(recorded).second == 0


@pytest.mark.parametrize("count", [2, 20])
def test_the_block_is_one_query(client, django_assert_max_num_queries, no_page_cache, count):
    """However many articles and comments, the block costs one query (no N+1)."""
    for number in range(count):
        comments(factories.make_article(), 1 + number % 3)
    with django_assert_max_num_queries(7):
        html = client.get(reverse("blog:home")).content.decode()
    assert len(discussed(html)) == min(5, count)


def test_the_block_is_remembered_until_what_it_shows_changes(client, no_page_cache):
    """With no page kept, a render does not count the week's comments again;
    a comment approved recounts, and a renamed article shows its new title."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = factories.make_article(title="Talked about")
    comments(article, 2)
    url = reverse("blog:home")
    for _ in range(2):  # remembered once its keys have generations
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert discussed(client.get(url).content.decode()) == [("Talked about", "2")]
    assert not any("recent_comments" in query["sql"] for query in captured)
    approved(article)
    assert discussed(client.get(url).content.decode()) == [("Talked about", "3")]
    article.title = "Renamed"
    article.save()
    assert discussed(client.get(url).content.decode()) == [("Renamed", "3")]
