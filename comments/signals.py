"""Decoupled upkeep: the cached pages a comment or the moderation rules change.

Connected in ``CommentsConfig.ready``. Blog's page cache (``blog.caching``) keys an article's
page, and the lists showing its comment count, on ``article:<id>``; the thread records the
owner's rules as ``comment-rules``.
"""

from __future__ import annotations

from blog import caching

from . import discussion
from .models import RULES_DEPENDENCY


def comment_changed(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A comment's page changes unless the comment is new and not yet public."""
    if raw or (created and not instance.is_public):
        return
    discussion.public_comments_changed(instance.article_id)


def rules_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        caching.invalidate(RULES_DEPENDENCY)
