"""Threat: a popular (or flooded) article whose page grows without bound with its comments.

Past ``COMMENTS["THREADS_PER_PAGE"]`` top-level threads the page shows the newest threads and
an "Older comments" link (keyset on the thread key, never OFFSET); the page's queries and
size stay flat; permalinks reach comments on older pages.
"""

import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import tokens
from comments.models import Comment, body_fingerprint, render_body
from tests import factories
from tests.comments.support import Clock, approved, post_comment

pytestmark = pytest.mark.django_db

BODY = "A *reasonable* point about the harbour talks, [source](https://example.com/report)."
HTML = render_body(BODY)
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ARTICLE_PAGE_BUDGET = 10  # the whole article page, as tests/blog/test_views.py asserts


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(tokens, "current_time", fake)
    return fake


@pytest.fixture
def article():
    return factories.make_article(sections=factories.standard_sections(), tags=["harbour"])


def add_comments(article, size: int) -> list[Comment]:
    """``size`` approved comments: two thirds top-level, a third replies (bulk inserted)."""

    def make(number, parent=None):
        return Comment(
            article=article, name=f"Reader {number}", email=f"r{number}@example.com", body=BODY,
            body_html=HTML, body_fingerprint=body_fingerprint(f"{number}"), status="approved",
            parent=parent, thread_root=parent.pk if parent else None,
        )  # fmt: skip

    tops = Comment.objects.bulk_create([make(n) for n in range(size - size // 3)])
    replies = Comment.objects.bulk_create(
        [make(n, parent=tops[n % len(tops)]) for n in range(size // 3)]
    )
    return tops + replies


def anchors(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li id="comment-(\d+)"', html)]


def older_link(html: str) -> str | None:
    match = re.search(r'<a href="([^"]+)" rel="prev">Older comments</a>', html)
    return match[1].replace("&amp;", "&") if match else None


@pytest.mark.parametrize("size", [50, 3000])
def test_the_article_page_query_budget_is_flat(
    client, article, django_assert_max_num_queries, size
):
    """With 50 or 3,000 comments the page stays within the site's query budget."""
    add_comments(article, size)
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_3000_comments_cost_the_same_queries_as_50_and_no_offset(client, settings):
    """Identical query counts at both sizes; the thread query pages by key, never OFFSET."""
    # Render both whole each time (no page, no fragments kept).
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False, "FRAGMENTS": False}
    small, large = factories.make_article(), factories.make_article()
    add_comments(small, 50)
    add_comments(large, 3000)
    client.get(small.get_absolute_url())  # warm the settings cache

    def queries(article):
        with CaptureQueriesContext(connection) as captured:
            client.get(article.get_absolute_url())
        return [query["sql"] for query in captured]

    small_queries, large_queries = queries(small), queries(large)
    assert len(small_queries) == len(large_queries)
    thread = [sql for sql in large_queries if 'FROM "comments_comment"' in sql and "LIMIT" in sql]
    assert thread and not any("OFFSET" in sql for sql in thread)


def test_an_article_with_3000_comments_sends_a_bounded_page(client, article):
    """3,000 comments no longer make a multi-megabyte page: the newest 100 threads are shown."""
    add_comments(article, 3000)
    html = client.get(article.get_absolute_url()).content.decode()
    shown = anchors(html)
    assert len(html.encode()) < 400_000
    assert len({Comment.objects.get(pk=pk).thread_root or pk for pk in shown}) == 100
    assert older_link(html) is not None
    assert "3000 comments" in html  # the heading still counts them all


def test_every_thread_is_on_exactly_one_page(client, article, settings):
    """Following "Older comments" from the newest page visits every comment once."""
    settings.COMMENTS = {**settings.COMMENTS, "THREADS_PER_PAGE": 10}
    made = add_comments(article, 36)  # 24 threads, 12 replies
    seen, url, pages = [], article.get_absolute_url(), 0
    while url:
        html = client.get(url).content.decode()
        seen += anchors(html)
        url, pages = older_link(html), pages + 1
    assert pages == 3
    assert sorted(seen) == sorted(comment.pk for comment in made)


def test_the_newest_threads_come_first(client, article, settings):
    """The article page shows the newest threads; older ones are one link away."""
    settings.COMMENTS = {**settings.COMMENTS, "THREADS_PER_PAGE": 5}
    made = add_comments(article, 9)  # six threads
    html = client.get(article.get_absolute_url()).content.decode()
    assert made[0].pk not in anchors(html)  # the oldest thread
    assert made[5].pk in anchors(html)  # the newest thread
    older = client.get(older_link(html)).content.decode()
    assert made[0].pk in anchors(older) and "Newest comments" in older


def test_a_permalink_reaches_a_comment_on_an_older_page(client, article, settings):
    """A comment's permalink redirects to the page of threads that shows it, at its anchor."""
    settings.COMMENTS = {**settings.COMMENTS, "THREADS_PER_PAGE": 5}
    made = add_comments(article, 30)
    oldest_reply = made[-len(made) // 3]  # a reply in the first, oldest thread
    response = client.get(oldest_reply.get_absolute_url())
    assert response.status_code == 302
    location = response["Location"]
    assert "comments_before=" in location and location.endswith(f"#comment-{oldest_reply.pk}")
    assert f'<li id="comment-{oldest_reply.pk}"' in client.get(location).content.decode()


def test_a_permalink_of_a_comment_not_shown_is_404(client, article):
    """Held comments and comments on unpublished articles have no public address."""
    held = Comment.objects.create(article=article, name="A", email="a@example.com", body="x")
    assert client.get(held.get_absolute_url()).status_code == 404
    draft = factories.make_article(status="draft")
    hidden = approved(draft)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_replying_on_an_older_page_keeps_the_thread_together(client, article, clock, settings):
    """The Reply link keeps the page; the reply joins its thread, on the same page as it."""
    settings.COMMENTS = {**settings.COMMENTS, "THREADS_PER_PAGE": 3}
    oldest = approved(article, body="The oldest thread.")
    for number in range(5):
        approved(article, body=f"Newer thread {number}.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert oldest.pk not in anchors(html)
    page = client.get(older_link(html)).content.decode()
    reply_href = re.search(rf'href="([^"]*replyto={oldest.pk}[^"]*)"', page)[1]
    assert "comments_before=" in reply_href
    query = "?" + reply_href.replace("&amp;", "&").split("#")[0].split("?", 1)[1]
    post_comment(client, article, clock, query=query, body="A reply to the oldest thread.",
                 email="known@example.com")  # fmt: skip
    reply = Comment.objects.get(body="A reply to the oldest thread.")
    assert reply.parent == oldest and reply.thread_root == oldest.pk
    shown = client.get(reply.get_absolute_url(), follow=True).content.decode()
    assert f'<li id="comment-{reply.pk}"' in shown and f'<li id="comment-{oldest.pk}"' in shown


@pytest.mark.parametrize(
    "cursor",
    ["abc", "-1", "1e9", "99999999999999999999999", "%00", "%C2%B2", "%D9%A3", "007", "7%0A"],
)
def test_odd_page_cursors_show_the_newest_page_and_are_not_stored(client, article, cursor):
    """A cursor that is not a thread key as the site writes it (junk, "²", an Arabic-Indic
    "٣", leading zeros, a trailing newline) is ignored: the newest page, never an error, and
    not stored, so other spellings cannot fill the page cache."""
    comment = approved(article)
    url = f"{article.get_absolute_url()}?comments_before={cursor}"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "off"
    assert f'<li id="comment-{comment.pk}"' in response.content.decode()


def test_an_older_page_has_one_stored_address(client, article, settings):
    """The "Older comments" cursor written with leading zeros or another script's digits, or
    after a made-up one, shows the same page, but only the site's own spelling is stored."""
    settings.COMMENTS = {**settings.COMMENTS, "THREADS_PER_PAGE": 5}
    add_comments(article, 30)
    older = older_link(client.get(article.get_absolute_url()).content.decode()).split("#")[0]
    address, key = older.split("?comments_before=")
    for query in (
        f"comments_before=00{key}",
        f"comments_before={quote(key.translate(ARABIC_INDIC))}",
        f"comments_before=junk&comments_before={key}",  # the view reads the last one
        f"comments_before={key}&&",
    ):
        response = client.get(f"{address}?{query}")
        assert response.status_code == 200 and response["X-Page-Cache"] == "off", query
    assert client.get(older)["X-Page-Cache"] == "miss"


def test_an_empty_page_cursor_shows_the_newest_page_not_stored_again(client, article):
    """``?comments_before=`` is the newest page, stored under the article's own address."""
    approved(article)
    for _ in range(2):
        response = client.get(f"{article.get_absolute_url()}?comments_before=")
        assert response.status_code == 200 and response["X-Page-Cache"] == "off"


def test_only_page_cursors_the_site_links_are_stored(client, article, settings):
    """Any number makes a valid page of older threads, so made-up cursors could fill the page
    cache: "Older comments" and a comment's permalink page are stored, other cursors are
    answered but not kept."""
    settings.COMMENTS = {**settings.COMMENTS, "THREADS_PER_PAGE": 5}
    made = add_comments(article, 30)  # 20 threads, 10 replies
    older = older_link(client.get(article.get_absolute_url()).content.decode())
    permalink_page = client.get(made[-len(made) // 3].get_absolute_url())["Location"]
    for url in (older, permalink_page):
        assert client.get(url)["X-Page-Cache"] == "miss", url
        assert client.get(url)["X-Page-Cache"] == "hit", url
    no_thread = max(comment.pk for comment in made) + 10  # above every thread, and none's own
    made_up = f"{article.get_absolute_url()}?comments_before={no_thread}"
    for _ in range(2):
        response = client.get(made_up)
        assert response.status_code == 200 and response["X-Page-Cache"] == "off"
    assert len(anchors(response.content.decode())) > 0  # still a page of threads
