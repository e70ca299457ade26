"""Emails: the article's author hears of new comments, opted-in readers of approved replies.

Sent after the transaction commits (so a rolled-back comment sends nothing) through Django's
email backend. A mail server that is down is logged, never shown to the reader as an error.
"""

from __future__ import annotations

import logging
import smtplib
from urllib.parse import urljoin

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Comment, normalise_email
from .tokens import unsubscribe_token

logger = logging.getLogger(__name__)
SECONDS_PER_DAY = 24 * 60 * 60


def after_commit(send, comment: Comment) -> None:
    transaction.on_commit(lambda: _safely(send, comment))


def absolute(path: str) -> str:
    return urljoin(settings.BROADSHEET["SITE_URL"], path)


def one_line(text: str) -> str:
    """Header-safe: no newlines (which would be header injection), no runs of spaces."""
    return " ".join(text.split())[:150]


def notify_author(comment: Comment) -> bool:
    """Tell the article's author of a new comment; with links to moderate it only when the
    author may moderate (others get the link to read it in the admin, nothing they cannot
    use — or forward to someone who could)."""
    article = comment.article
    to = article.author.email
    if not to or to.lower() == comment.email:
        return False
    can_moderate = article.author.has_perm("comments.can_moderate")
    context = {
        "comment": comment,
        "article": article,
        "article_url": absolute(article.get_absolute_url()),
        "comment_url": absolute(comment.get_absolute_url()),
        "change_url": absolute(reverse("admin:comments_comment_change", args=[comment.pk])),
        "can_moderate": can_moderate,
        "is_pending": comment.status == Comment.Status.PENDING,
        # Authors who do not moderate never see commenters' addresses, in mail as in the admin.
        "show_email": can_moderate,
    }
    if can_moderate:
        moderate = "admin:comments_comment_moderate"
        context["approve_url"] = absolute(reverse(moderate, args=[comment.pk, "approve"]))
        context["spam_url"] = absolute(reverse(moderate, args=[comment.pk, "spam"]))
    state = "awaiting moderation" if context["is_pending"] else "published"
    subject = one_line(f"New comment ({state}) by {comment.name} on “{article.title}”")
    body = render_to_string("comments/email/new_comment.txt", context)
    EmailMessage(subject, body, to=[to]).send()
    return True


def owes_parent_email(reply: Comment) -> bool:
    """Publishing ``reply`` should email its parent's author: they opted in, their comment is
    public, it is not their own reply, and they have not heard of this reply yet.

    Whoever publishes the reply claims that email in the same write (see
    ``moderation.approve``), then sends it with ``notify_parent`` after the commit.
    """
    parent = reply.parent
    return (
        parent is not None
        and parent.notify_replies
        and parent.is_public
        and normalise_email(parent.email) != normalise_email(reply.email)
        and not reply.parent_notified
    )


def notify_parent(reply: Comment) -> bool:
    """Tell the parent's author of an approved reply whose email the publisher claimed.

    The email carries only the site's words and a link: never the replier's name or text,
    which a stranger chooses (an address typed into a comment must not become a way to send
    anyone arbitrary text). At most ``COMMENTS["REPLY_EMAILS_PER_DAY"]`` go to one address a day.
    """
    parent = reply.parent
    if parent is None or not reply.parent_notified:
        return False
    if not _within_daily_allowance(parent.email):
        logger.info("Reply email for comment %s skipped: daily allowance used.", reply.pk)
        return False
    unsubscribe_url = absolute(reverse("comments:unsubscribe", args=[unsubscribe_token(parent.pk)]))
    context = {
        "site_name": settings.BROADSHEET["SITE_NAME"],
        "article": reply.article,
        "reply_url": absolute(reply.get_absolute_url()),
        "unsubscribe_url": unsubscribe_url,
    }
    subject = one_line(f"New reply to your comment on “{reply.article.title}”")
    body = render_to_string("comments/email/reply.txt", context)
    message = EmailMessage(
        subject,
        body,
        to=[parent.email],
        headers={
            # RFC 8058 one-click unsubscribe, which mail clients offer as a button.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    return True


def reply_emails_per_day() -> int:
    """``settings.COMMENTS["REPLY_EMAILS_PER_DAY"]`` (a setting: read without a query)."""
    return int(getattr(settings, "COMMENTS", {}).get("REPLY_EMAILS_PER_DAY", 5))


def _within_daily_allowance(email: str) -> bool:
    """Count one reply email to ``email`` today; False once the owner's allowance is used.

    Counted in the cache under a keyed hash of the address (no address in the cache); with
    the cache down the email is sent (it is opted in and moderated), and that is logged.
    """
    allowance = reply_emails_per_day()
    digest = salted_hmac(
        "comments.reply-emails", f"{normalise_email(email)}:{timezone.localdate()}"
    ).hexdigest()
    key = f"comments:reply-emails:{digest}"
    try:
        cache.add(key, 0, timeout=SECONDS_PER_DAY)
        sent = cache.incr(key)
    except Exception:
        logger.warning("Reply email allowance unavailable; sending.", exc_info=True)
        return True
    return sent <= allowance


def _safely(send, comment: Comment) -> None:
    try:
        send(comment)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the %s email for comment %s", send.__name__, comment.pk)
