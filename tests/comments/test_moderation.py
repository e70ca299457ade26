"""Moderation actions, how the thread is arranged, and forgetting old personal data."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments import moderation
from comments.models import Comment
from comments.presentation import build_thread
from tests.comments.support import approved, comment_bodies, rules

pytestmark = pytest.mark.django_db


def pending(article, **fields) -> Comment:
    fields.setdefault("name", "Pat")
    fields.setdefault("email", "pat@example.com")
    fields.setdefault("body", "Pending words.")
    return Comment.objects.create(article=article, **fields)


def test_approve_publishes_and_records_who(client, article, moderator):
    """approve() makes the comment public and notes the moderator in its reasons."""
    comment = pending(article)
    assert moderation.approve(comment=comment, moderator=moderator) is True
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and comment.moderated_by == moderator
    assert comment.reasons[-1].startswith("Approved by mod on ")
    assert "Pending words." in client.get(article.get_absolute_url()).content.decode()
    assert moderation.approve(comment=comment, moderator=moderator) is False  # no change


@pytest.mark.parametrize(
    ("action", "status"),
    [(moderation.mark_spam, Comment.Status.SPAM), (moderation.remove, Comment.Status.REMOVED)],
)
def test_spam_and_remove_take_a_comment_off_the_page(client, article, moderator, action, status):
    """A public comment marked spam or removed disappears from the page and its count."""
    comment = approved(article, body="Soon gone.")
    assert action(comment=comment, moderator=moderator)
    assert Comment.objects.get(pk=comment.pk).status == status
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Soon gone." not in html and 'id="comments-heading">Comments<' in html


def test_set_status_routes_to_the_matching_action(article):
    """set_status("pending") returns a comment to the queue."""
    comment = approved(article)
    assert moderation.set_status(comment=comment, status="pending")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def chain(article, length):
    """A conversation: each comment replies to the one before."""
    comments, parent = [], None
    for number in range(length):
        parent = approved(article, body=f"Level {number + 1}", parent=parent)
        comments.append(parent)
    return comments


def test_thread_nests_replies_up_to_the_depth_setting(client, article):
    """With depth 3, the 4th and 5th replies sit at level 3, under the level-2 comment."""
    comments = chain(article, 5)
    html = client.get(article.get_absolute_url()).content.decode()
    depths = {c.pk: int(html.split(f'id="comment-{c.pk}" class="comment depth-')[1][0])
              for c in comments}  # fmt: skip
    assert [depths[c.pk] for c in comments] == [1, 2, 3, 3, 3]
    assert comment_bodies(html) == [f"<p>Level {n}</p>" for n in range(1, 6)]
    thread = build_thread(list(Comment.objects.for_thread(article)), max_depth=3)
    level2 = thread[0].replies[0]
    assert [node.comment.pk for node in level2.replies] == [c.pk for c in comments[2:]]


@pytest.mark.parametrize(("depth", "expected"), [(1, [1, 1, 1]), (2, [1, 2, 2]), (8, [1, 2, 3])])
def test_depth_setting_changes_the_page(client, article, depth, expected):
    """The owner's depth setting applies at once to existing threads."""
    comments = chain(article, 3)
    rules(max_depth=depth)
    html = client.get(article.get_absolute_url()).content.decode()
    found = [int(html.split(f'id="comment-{c.pk}" class="comment depth-')[1][0]) for c in comments]
    assert found == expected


def test_reply_to_a_hidden_comment_starts_its_own_thread(client, article, moderator):
    """When a parent is removed, its approved reply stays on the page at the top level."""
    parent, reply = chain(article, 2)
    moderation.remove(comment=parent, moderator=moderator)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'id="comment-{reply.pk}" class="comment depth-1"' in html
    assert "Level 1" not in html


def test_thread_is_oldest_first(client, article):
    """Top-level comments and replies appear in the order they were written."""
    now = timezone.now()
    second = approved(article, body="Second", created_at=now)
    first = approved(article, body="First", created_at=now - timedelta(minutes=5))
    approved(article, body="Reply to first", parent=first, created_at=now + timedelta(minutes=1))
    html = client.get(article.get_absolute_url()).content.decode()
    assert comment_bodies(html) == ["<p>First</p>", "<p>Reply to first</p>", "<p>Second</p>"]
    assert second.pk < first.pk  # order comes from the dates, not the ids


def test_purge_clears_old_ip_and_user_agent_only(article):
    """Comments older than the retention period lose IP and browser; newer keep them."""
    rules(retention_days=30)
    now = timezone.now()
    old = approved(article, ip_address="203.0.113.5", user_agent="Old/1",
                   created_at=now - timedelta(days=31))  # fmt: skip
    recent = approved(article, ip_address="203.0.113.6", user_agent="New/1",
                      created_at=now - timedelta(days=29))  # fmt: skip
    out = io.StringIO()
    call_command("purge_comment_data", "--dry-run", stdout=out)
    assert "1 comment(s)" in out.getvalue()
    assert Comment.objects.get(pk=old.pk).ip_address == "203.0.113.5"
    call_command("purge_comment_data", stdout=out)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("203.0.113.6", "New/1")
    assert old.body and old.status == Comment.Status.APPROVED  # the comment itself stays


def test_purge_days_can_be_given(article):
    """--days overrides the admin's retention period."""
    approved(article, ip_address="203.0.113.5", created_at=timezone.now() - timedelta(days=3))
    call_command("purge_comment_data", "--days", "2", stdout=io.StringIO())
    assert Comment.objects.get().ip_address is None
