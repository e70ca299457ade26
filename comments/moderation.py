"""Moderation actions, one function each, shared by the admin's actions, forms and views."""

from __future__ import annotations

from django.utils import timezone

from . import discussion, notifications
from .models import Comment

Status = Comment.Status


def approve(*, comment: Comment, moderator=None) -> bool:
    """Publish the comment; returns False if it already was. Tells an opted-in parent, once."""
    if comment.status == Status.APPROVED:
        return False
    tell_parent = notifications.owes_parent_email(comment)
    return _set(comment, Status.APPROVED, moderator, "Approved", claim_parent_email=tell_parent)


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


def _set(comment: Comment, status: str, moderator, verb: str, *, claim_parent_email=False) -> bool:
    if comment.status == status:
        return False
    now = timezone.now()
    who = moderator.get_username() if moderator is not None else "the system"
    comment.status = status
    comment.moderated_at = now
    comment.moderated_by = moderator
    comment.reasons = [*comment.reasons, f"{verb} by {who} on {now:%Y-%m-%d %H:%M} UTC."]
    changed = ["status", "moderated_at", "moderated_by", "reasons"]
    if claim_parent_email and _write_claiming_parent_email(comment, changed):
        notifications.after_commit(notifications.notify_parent, comment)
        discussion.public_comments_changed(comment.article_id)  # an UPDATE: no signal
        return True
    # Only these fields change, and from known values: no full_clean (it would query the
    # article, parent and nonce for each comment of a bulk action); the body is not re-rendered.
    comment.save(update_fields=changed)
    return True


def _write_claiming_parent_email(comment: Comment, fields: list[str]) -> bool:
    """Save ``fields`` and claim the parent's email in one UPDATE; False if it was claimed.

    The claim is the condition "parent_notified is unset": of two moderators approving the
    reply at once only one UPDATE matches, so the parent hears of it once, and a bulk approval
    costs one query per comment.
    """
    values = {name: getattr(comment, name) for name in fields}
    claimed = Comment.objects.filter(pk=comment.pk, parent_notified=False).update(
        parent_notified=True, **values
    )
    comment.parent_notified = True  # by this UPDATE, or by the one that matched first
    return bool(claimed)
