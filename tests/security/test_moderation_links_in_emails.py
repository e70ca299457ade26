"""Threat: moderation links in an email reaching someone who may not moderate.

An author who cannot moderate hears of new comments with a link to read them, never with
approve/spam links (which they could not use, but could forward or have scanned).
"""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from comments import tokens
from tests import factories
from tests.comments.support import Clock, post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(tokens, "current_time", fake)
    return fake


def article_by(author):
    return factories.make_article(sections=factories.standard_sections(), author=author)


def new_comment_email(client, article, clock, capture):
    with capture(execute=True):
        post_comment(client, article, clock, body="Held for review.")
    (message,) = [m for m in mail.outbox if m.to == [article.author.email]]
    return message.body


def test_authors_who_cannot_moderate_get_no_moderation_links(
    client, clock, django_capture_on_commit_callbacks
):
    """The email names the comment and links to it in the admin, without approve or spam."""
    author = factories.make_user(username="writer", email="writer@example.com", is_staff=True)
    body = new_comment_email(client, article_by(author), clock, django_capture_on_commit_callbacks)
    assert "Held for review." in body and "Open it in the admin:" in body
    assert "/moderate/" not in body
    assert "Approve it" not in body and "Mark it as spam" not in body
    assert "ada@example.com" not in body  # nor the commenter's address


def test_authors_who_moderate_get_the_moderation_links(
    client, clock, django_capture_on_commit_callbacks
):
    """An author with the moderation permission gets approve and spam links."""
    author = factories.make_user(username="boss", email="boss@example.com", is_staff=True)
    author.user_permissions.add(Permission.objects.get(codename="can_moderate"))
    body = new_comment_email(client, article_by(author), clock, django_capture_on_commit_callbacks)
    assert "/moderate/approve/" in body and "/moderate/spam/" in body
