"""One-click moderation: the pending view from the index, row buttons, the comment's page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/comments/comment/"
PENDING_URL = f"{LIST_URL}?status__exact=pending"


def waiting(article, count, **fields):
    """``count`` held comments, the newest last."""
    start = timezone.now() - timedelta(hours=count)
    return [
        Comment.objects.create(
            article=article,
            name=fields.get("name", f"Reader {n}"),
            email=f"reader{n}@example.com",
            body=f"Waiting comment number {n}.",
            created_at=start + timedelta(hours=n),
        )
        for n in range(count)
    ]


def moderate_url(comment, action):
    return f"{LIST_URL}{comment.pk}/moderate/{action}/"


def test_waiting_count_on_the_index_opens_the_pending_view(moderator_client, article):
    """ "Comments · 2 waiting" links to the list filtered to comments awaiting moderation."""
    waiting(article, 2)
    html = moderator_client.get("/admin/").content.decode()
    assert "2 waiting" in html
    assert f'href="{PENDING_URL}"' in html


def test_without_waiting_comments_the_index_opens_the_plain_list(moderator_client, article):
    """Nothing waits: the entry is the ordinary list."""
    html = moderator_client.get("/admin/").content.decode()
    assert f'href="{PENDING_URL}"' not in html
    assert f'href="{LIST_URL}"' in html


def test_each_row_has_approve_spam_and_remove_buttons(moderator_client, article):
    """Every row posts to its comment's moderation URL, coming back to the same list."""
    first, second = waiting(article, 2)
    html = moderator_client.get(PENDING_URL).content.decode()
    for comment in (first, second):
        for action in ("approve", "spam", "remove"):
            assert f'formaction="{moderate_url(comment, action)}"' in html
    assert 'name="next" value="/admin/comments/comment/?status__exact=pending"' in html
    assert "js/admin-moderation.js" in html
    assert "<kbd>a</kbd> approve" in html


def test_a_row_button_approves_and_returns_to_the_list(moderator_client, article):
    """Without JavaScript the button's POST moderates and comes back to the list."""
    (comment,) = waiting(article, 1)
    response = moderator_client.post(moderate_url(comment, "approve"), {"next": PENDING_URL})
    assert response.status_code == 302 and response["Location"] == PENDING_URL
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_a_background_post_answers_json(moderator_client, article):
    """The list's script gets the new status and the remaining count."""
    first, _second = waiting(article, 2)
    response = moderator_client.post(moderate_url(first, "spam"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "spam" and data["status_label"] == "Spam"
    assert data["waiting"] == 1
    first.refresh_from_db()
    assert first.status == Comment.Status.SPAM


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_next_never_leaves_the_site(moderator_client, article, target):
    """A forged ``next`` is ignored: the moderator goes on to the next comment waiting."""
    older, newer = waiting(article, 2)
    response = moderator_client.post(moderate_url(newer, "remove"), {"next": target})
    assert response["Location"] == f"{LIST_URL}{older.pk}/change/"


def test_the_comment_page_has_the_buttons_and_next_waiting(moderator_client, article):
    """A comment's page offers Approve / Spam / Remove and the next comment waiting."""
    older, newer = waiting(article, 2)
    html = moderator_client.get(f"{LIST_URL}{newer.pk}/change/").content.decode()
    for action in ("approve", "spam", "remove"):
        assert f'action="{moderate_url(newer, action)}"' in html
    assert re.search(rf'href="{LIST_URL}{older.pk}/change/"[^>]*>Next waiting', html)


def test_deciding_on_the_comment_page_goes_on_to_the_next_waiting(moderator_client, article):
    """Approve on a comment's page leads to the next comment waiting, then to the list."""
    older, newer = waiting(article, 2)
    first = moderator_client.post(moderate_url(newer, "approve"))
    assert first["Location"] == f"{LIST_URL}{older.pk}/change/"
    last = moderator_client.post(moderate_url(older, "approve"))
    assert last["Location"] == PENDING_URL
    assert Comment.objects.pending().count() == 0


def test_authors_get_no_buttons_and_cannot_post(client, article):
    """Authors (no moderation permission) see no buttons; a forged POST changes nothing."""
    (comment,) = waiting(article, 1)
    client.force_login(article.author)
    article.author.is_staff = True
    article.author.save()
    from django.contrib.auth.models import Group

    article.author.groups.add(Group.objects.get(name="Authors"))
    html = client.get(LIST_URL).content.decode()
    assert "moderate-button" not in html
    response = client.post(moderate_url(comment, "approve"), HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_the_list_costs_the_same_queries_for_ten_or_sixty_comments(
    moderator_client, article, django_assert_max_num_queries
):
    """Buttons add no query per row."""
    waiting(article, 10)
    with django_assert_max_num_queries(14) as small:
        moderator_client.get(PENDING_URL)
    waiting(factories.make_article(), 50)
    with django_assert_max_num_queries(len(small.captured_queries)):
        moderator_client.get(PENDING_URL)
