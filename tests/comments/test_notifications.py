"""Emails: the author hears of new comments, opted-in readers of approved replies."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse

from comments import moderation
from comments.models import Comment
from tests.comments.support import approved, post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.BROADSHEET = {**settings.BROADSHEET, "SITE_URL": "https://news.example"}


def post(client, article, clock, capture, **fields):
    with capture(execute=True):
        return post_comment(client, article, clock, **fields)


def test_author_hears_of_a_held_comment_with_moderation_links(
    client, article, clock, django_capture_on_commit_callbacks
):
    """One email to the article's author who moderates, with absolute approve and spam links."""
    article.author.user_permissions.add(Permission.objects.get(codename="can_moderate"))
    post(client, article, clock, django_capture_on_commit_callbacks, body="Held *words*.")
    comment = Comment.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hale@example.com"]
    assert message.subject == (
        "New comment (awaiting moderation) by Ada Reader on “Harbour Talks Reopen”"
    )
    admin = f"https://news.example/admin/comments/comment/{comment.pk}"
    assert f"Approve it: {admin}/moderate/approve/" in message.body
    assert f"Mark it as spam: {admin}/moderate/spam/" in message.body
    assert f"Open it in the admin: {admin}/change/" in message.body
    assert "Held *words*." in message.body and "First comment" in message.body


def test_author_hears_of_a_published_comment_but_not_of_spam(
    client, article, clock, django_capture_on_commit_callbacks
):
    """A published comment is announced with its link; spam sends nothing."""
    approved(article, email="ada@example.com")
    post(client, article, clock, django_capture_on_commit_callbacks)
    comment = Comment.objects.latest("id")
    assert "(published)" in mail.outbox[0].subject
    assert f"https://news.example{comment.get_absolute_url()}" in mail.outbox[0].body
    post(client, article, clock, django_capture_on_commit_callbacks, body="b", honeypot="x")
    assert Comment.objects.latest("id").status == Comment.Status.SPAM
    assert len(mail.outbox) == 1


def test_header_injection_in_a_name_cannot_add_headers(
    client, article, clock, django_capture_on_commit_callbacks
):
    """Names with control characters are refused, so a subject never carries a newline."""
    response = post(
        client, article, clock, django_capture_on_commit_callbacks,
        name="Ada\r\nBcc: victim@example.com",
    )  # fmt: skip
    assert response["Location"].endswith("#respond") and not mail.outbox


def reply_setup(article, *, notify=True):
    return approved(article, email="parent@example.com", name="Parent", notify_replies=notify)


def test_reply_published_on_submit_notifies_the_opted_in_parent(
    client, article, clock, django_capture_on_commit_callbacks
):
    """The parent's author gets the reply with a signed unsubscribe link and headers."""
    parent = reply_setup(article)
    approved(article, email="ada@example.com")
    post(client, article, clock, django_capture_on_commit_callbacks,
         query=f"?replyto={parent.pk}", body="I *disagree*.")  # fmt: skip
    reply = Comment.objects.latest("id")
    assert reply.status == Comment.Status.APPROVED and reply.parent == parent
    to_parent = [m for m in mail.outbox if m.to == ["parent@example.com"]]
    assert len(to_parent) == 1
    message = to_parent[0]
    assert message.subject == "New reply to your comment on “Harbour Talks Reopen”"
    assert "Ada Reader" not in message.body and "disagree" not in message.body
    assert f"https://news.example{reply.get_absolute_url()}" in message.body
    unsubscribe = re.search(r"Stop these emails: (\S+)", message.body)[1]
    assert unsubscribe.startswith("https://news.example/comments/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_reply_notifies_when_approved_later_and_only_once(
    client, article, clock, moderator, django_capture_on_commit_callbacks
):
    """A held reply notifies the parent when a moderator approves it, not again on re-approval."""
    parent = reply_setup(article)
    post(client, article, clock, django_capture_on_commit_callbacks, query=f"?replyto={parent.pk}")
    reply = Comment.objects.latest("id")
    assert reply.status == Comment.Status.PENDING
    assert not [m for m in mail.outbox if m.to == ["parent@example.com"]]
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(comment=reply, moderator=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.remove(comment=reply, moderator=moderator)
        moderation.approve(comment=reply, moderator=moderator)
    assert len([m for m in mail.outbox if m.to == ["parent@example.com"]]) == 1


@pytest.mark.parametrize("case", ["not-opted-in", "own-reply"])
def test_no_reply_email_without_opt_in_or_to_oneself(
    client, article, clock, django_capture_on_commit_callbacks, case
):
    """Parents who did not opt in, and people replying to themselves, get no email."""
    parent = reply_setup(article, notify=case != "not-opted-in")
    email = "parent@example.com" if case == "own-reply" else "other@example.com"
    approved(article, email=email)
    post(client, article, clock, django_capture_on_commit_callbacks,
         query=f"?replyto={parent.pk}", email=email)  # fmt: skip
    assert Comment.objects.latest("id").status == Comment.Status.APPROVED
    assert not [m for m in mail.outbox if m.to == ["parent@example.com"]]


def unsubscribe_url(client, article, clock, capture):
    parent = reply_setup(article)
    approved(article, email="ada@example.com")
    post(client, article, clock, capture, query=f"?replyto={parent.pk}")
    message = next(m for m in mail.outbox if m.to == ["parent@example.com"])
    return parent, re.search(r"Stop these emails: https://news.example(\S+)", message.body)[1]


def test_unsubscribe_link_asks_first_then_unsubscribes(
    client, article, clock, django_capture_on_commit_callbacks
):
    """GET shows a one-button page and changes nothing (link scanners); POST unsubscribes."""
    parent, url = unsubscribe_url(client, article, clock, django_capture_on_commit_callbacks)
    other = approved(article, email="parent@example.com", notify_replies=True, body="another")
    page = client.get(url)
    assert page.status_code == 200 and "<button" in page.content.decode()
    assert Comment.objects.get(pk=parent.pk).notify_replies is True
    done = client.post(url)
    assert done.status_code == 200 and "You are unsubscribed" in done.content.decode()
    assert not Comment.objects.filter(pk__in=[parent.pk, other.pk], notify_replies=True).exists()


def test_one_click_unsubscribe_needs_no_csrf_token(
    client, article, clock, django_capture_on_commit_callbacks
):
    """A mail client's RFC 8058 POST (no cookie, no CSRF token) works."""
    parent, url = unsubscribe_url(client, article, clock, django_capture_on_commit_callbacks)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Comment.objects.get(pk=parent.pk).notify_replies is False


@pytest.mark.parametrize("token", ["nonsense", "eyJjIjoxfQ:forged"])
def test_tampered_unsubscribe_link_is_refused(client, article, token):
    """A token we did not sign is a 404 page and changes nothing."""
    parent = reply_setup(article)
    url = reverse("comments:unsubscribe", args=[token])
    assert client.post(url).status_code == 404
    assert Comment.objects.get(pk=parent.pk).notify_replies is True


def test_unsubscribe_token_of_another_salt_is_refused(client, article):
    """A value signed for another purpose cannot unsubscribe anyone."""
    from django.core import signing

    parent = reply_setup(article)
    forged = signing.dumps({"c": parent.pk}, salt="comments.form-token")
    assert client.post(reverse("comments:unsubscribe", args=[forged])).status_code == 404
    assert Comment.objects.get(pk=parent.pk).notify_replies is True


def test_commenter_address_reaches_only_authors_who_moderate(
    client, article, clock, django_capture_on_commit_callbacks
):
    """An author without the moderation permission is not sent the commenter's email."""
    post(client, article, clock, django_capture_on_commit_callbacks, body="First.")
    assert "ada@example.com" not in mail.outbox[0].body
    article.author.user_permissions.add(Permission.objects.get(codename="can_moderate"))
    article.author = type(article.author).objects.get(pk=article.author.pk)  # fresh perm cache
    article.save()
    post(client, article, clock, django_capture_on_commit_callbacks, body="Second.")
    assert "Email: ada@example.com" in mail.outbox[1].body
