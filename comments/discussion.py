"""“Most discussed this week” on the home page: the public articles with the most approved
comments written in the last seven days.

One aggregate query (approved comments since the window's start, grouped by article, joined
to ``Article.objects.published()``), served by ``comment_recent_idx`` (status, created_at,
article): the scan reads only the week's approved comments, whatever the table's size.

The block sits on the cached home page, so it records what it read: ``DISCUSSION`` (bumped
when a comment is approved, removed, marked spam or edited — every change to what is public)
and the shown articles' keys (titles). "This week" also moves by itself: the window starts at
the top of an hour (the hour a week ago) and the page holding the block expires at the top of
the next hour (``caching.valid_until``), so the block is never more than an hour behind the
clock, and within that hour every render counts the same comments.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from blog import caching
from blog.models import Article

from .models import Comment

DISCUSSION = "comments:discussion"  # page-cache dependency: which comments are public
WINDOW = timedelta(days=7)
TICK = timedelta(hours=1)
SHOWN = 5


def public_comments_changed(article_id: int) -> None:
    """A comment became public or stopped being so (or a public one changed): its article's
    page, the lists showing its comment count, and the most-discussed block."""
    caching.invalidate(caching.article_key(article_id), DISCUSSION)


def window(now: datetime) -> tuple[datetime, datetime]:
    """(start of the counted week, moment the block goes stale): whole hours."""
    tick = now.replace(minute=0, second=0, microsecond=0)
    return tick - WINDOW, tick + TICK


def most_discussed(*, since: datetime, limit: int = SHOWN) -> list[Article]:
    """Public articles by approved comments written since ``since``, most first (one query);
    each has ``recent_comments``."""
    return list(
        Article.objects.published()
        .filter(comments__status=Comment.Status.APPROVED, comments__created_at__gte=since)
        .annotate(recent_comments=Count("comments"))
        .only("id", "title", "slug", "published_at")
        .order_by("-recent_comments", "-published_at", "-id")[:limit]
    )


def most_discussed_box(request) -> str:
    """blog.extensions.home_page_extenders: the block, or nothing in a quiet week.

    Both steps are remembered (``caching.remember``), so a render of the home page counts
    nothing and reads no article: which articles and their counts until a comment's
    visibility or the lists change (the count reads the whole week's comments), the block's
    HTML until one of those articles changes too (its title)."""
    since, stale_at = window(timezone.now())
    caching.valid_until(stale_at)
    hour = f"{since:%Y%m%d%H}"
    ranked = caching.remember(
        f"most-discussed:{hour}",
        [DISCUSSION, caching.LISTS],
        lambda: [(article.pk, article.recent_comments) for article in most_discussed(since=since)],
    )
    if not ranked:
        return ""
    return caching.remember(
        f"most-discussed-box:{hour}:" + ",".join(f"{pk}={count}" for pk, count in ranked),
        [caching.article_key(pk) for pk, _ in ranked],
        lambda: _box_html(ranked),
    )


def _box_html(ranked: list[tuple[int, int]]) -> str:
    by_id = Article.objects.only("id", "title", "slug").in_bulk([pk for pk, _ in ranked])
    articles = []
    for pk, count in ranked:
        if pk in by_id:  # deleted since it was counted (the lists changed: counted again soon)
            by_id[pk].recent_comments = count
            articles.append(by_id[pk])
    return mark_safe(render_to_string("comments/most_discussed.html", {"articles": articles}))
