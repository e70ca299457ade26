"""Query budgets: the thread is one query whatever its size; lists count without N+1."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment, body_fingerprint, render_body
from tests import factories

# Render costs: every request renders (the page cache would answer repeats for free).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

ARTICLE_PAGE_BUDGET = 10  # the whole page, as tests/blog/test_views.py asserts


def add_thread(article, size):
    """``size`` approved comments, a third of them replies, in a few bulk inserts."""
    html = render_body("A *reasonable* point, [source](https://example.com).")

    def make(number, parent=None):
        return Comment(
            article=article, name=f"Reader {number}", email=f"r{number}@example.com",
            body="A *reasonable* point, [source](https://example.com).", body_html=html,
            body_fingerprint=body_fingerprint(f"{number}"), status="approved", parent=parent,
        )  # fmt: skip

    tops = Comment.objects.bulk_create([make(n) for n in range(size - size // 3)])
    replies = [make(n, parent=tops[n % len(tops)]) for n in range(size // 3)]
    for reply in replies:  # what Comment.save() fills in; bulk_create skips save()
        reply.thread_root = reply.parent_id
    Comment.objects.bulk_create(replies)


def article_page_queries(client, article) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return [query["sql"] for query in queries]


@pytest.mark.parametrize("size", [1, 500])
def test_article_page_budget_at_two_sizes(client, django_assert_max_num_queries, size, settings):
    """With 1 or 500 comments the page stays within the site budget (no query per comment)."""
    settings.COMMENTS = {**settings.COMMENTS, "THREADS_PER_PAGE": 1000}  # all on one page
    article = factories.make_article(sections=factories.standard_sections(), tags=["a"])
    add_thread(article, size)
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('class="comment depth-') == size


def test_article_page_costs_the_same_with_1_or_500_comments(client):
    """Identical query counts: the thread is one query and the tree is built in memory."""
    small = factories.make_article(sections=factories.standard_sections())
    large = factories.make_article(sections=factories.standard_sections())
    add_thread(small, 1)
    add_thread(large, 500)
    article_page_queries(client, small)  # warm the settings cache for both
    small_queries = article_page_queries(client, small)
    large_queries = article_page_queries(client, large)
    assert len(small_queries) == len(large_queries)
    thread = [sql for sql in large_queries if sql.startswith('SELECT "comments_comment"')]
    assert len(thread) == 1 and '"body"' not in thread[0] and '"email"' not in thread[0]


def test_warm_page_reads_no_moderation_settings(client):
    """Comments add one query on a warm cache (the thread), two on a cold one."""
    article = factories.make_article()
    cold = article_page_queries(client, article)
    warm = article_page_queries(client, article)
    settings_reads = [sql for sql in warm if "comments_moderationsettings" in sql]
    assert settings_reads == []
    # The article's own query carries the comment count as a subquery; these are the rest.
    assert len([sql for sql in cold if sql.startswith('SELECT "comments_')]) == 2
    assert len([sql for sql in warm if sql.startswith('SELECT "comments_')]) == 1


@pytest.mark.parametrize("count", [1, 12])
def test_home_page_shows_counts_without_a_query_per_article(
    client, django_assert_max_num_queries, count
):
    """Cards show "N comments" from the list's own query (no N+1)."""
    articles = [factories.make_article() for _ in range(count)]
    for number, article in enumerate(articles):
        add_thread(article, number + 1)
    with django_assert_max_num_queries(6):
        html = client.get(reverse("blog:home")).content.decode()
    assert f'{articles[0].get_absolute_url()}#comments">1 comment<' in html  # the newest
    if count > 1:
        assert f'{articles[1].get_absolute_url()}#comments">2 comments<' in html


@pytest.mark.parametrize("size", [1, 30])
def test_small_pages_cost_a_fixed_number_of_queries(
    moderator_client, django_assert_max_num_queries, size
):
    """Unsubscribe, moderation-confirm and change pages: no query per comment (N+1)."""
    from django.test import Client

    from comments.tokens import unsubscribe_token

    article = factories.make_article()
    add_thread(article, size)
    comment = Comment.objects.filter(article=article).first()
    Comment.objects.filter(article=article).update(email="same@example.com", notify_replies=True)
    url = reverse("comments:unsubscribe", args=[unsubscribe_token(comment.pk)])
    reader = Client()
    with django_assert_max_num_queries(1):
        assert reader.get(url).status_code == 200
    with django_assert_max_num_queries(2):
        assert reader.post(url).status_code == 200
    confirm = reverse("admin:comments_comment_moderate", args=[comment.pk, "approve"])
    with django_assert_max_num_queries(6):
        assert moderator_client.get(confirm).status_code == 200
    change = reverse("admin:comments_comment_change", args=[comment.pk])
    # The first admin page of a process looks up content types once (Django's per-process
    # ContentType cache); warm it so the budget is the same whether or not the test runs alone.
    moderator_client.get(change)
    with django_assert_max_num_queries(8):
        assert moderator_client.get(change).status_code == 200
