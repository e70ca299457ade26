"""Moderation actions, one function each, shared by the admin's actions, forms and views."""

from __future__ import annotations

from django.utils import timezone

from . import notifications
from .models import Comment

Status = Comment.Status


def approve(*, comment: Comment, moderator=None) -> bool:
    """Publish the comment; returns False if it already was. Tells an opted-in parent."""
    changed = _set(comment, Status.APPROVED, moderator, "Approved")
    if changed:
        on_approved(comment)
    return changed


def mark_spam(*, comment: Comment, moderator=None) -> bool:
    """Call the comment spam; it leaves the page. Returns False if it already was spam."""
    return _set(comment, Status.SPAM, moderator, "Marked as spam")


def remove(*, comment: Comment, moderator=None) -> bool:
    """Take the comment off the page, keeping it for the record."""
    return _set(comment, Status.REMOVED, moderator, "Removed")


def hold(*, comment: Comment, moderator=None) -> bool:
    """Put the comment back in the moderation queue."""
    return _set(comment, Status.PENDING, moderator, "Returned to moderation")


ACTIONS = {
    Status.APPROVED: approve,
    Status.SPAM: mark_spam,
    Status.REMOVED: remove,
    Status.PENDING: hold,
}


def set_status(*, comment: Comment, status: str, moderator=None) -> bool:
    return ACTIONS[Status(status)](comment=comment, moderator=moderator)


def on_approved(comment: Comment) -> None:
    """A reply just became public: its parent's author hears of it once, if they asked."""
    if comment.parent_id:
        notifications.after_commit(notifications.notify_parent, comment)


def _set(comment: Comment, status: str, moderator, verb: str) -> bool:
    if comment.status == status:
        return False
    now = timezone.now()
    who = moderator.get_username() if moderator is not None else "the system"
    comment.status = status
    comment.moderated_at = now
    comment.moderated_by = moderator
    comment.reasons = [*comment.reasons, f"{verb} by {who} on {now:%Y-%m-%d %H:%M} UTC."]
    # Only these fields change, and from known values: no full_clean (it would query the
    # article, parent and nonce for each comment of a bulk action).
    comment.save(update_fields=["status", "moderated_at", "moderated_by", "reasons"])
    return True
