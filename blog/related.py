"""Related reading at the end of an article: three articles sharing its tags, and the
previous and next article in its primary tag.

Both come from ``Article.objects.published()``, so a draft never shows, and both record
what they read for the page cache: the tags' list generations (publishing, withdrawing or
tagging any article with one of these tags changes the block on every article carrying the
tag) and each shown article's own key (a new title or standfirst).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Subquery

from . import caching
from .models import Article, Tag

RELATED_COUNT = 3
# Bounded work: related articles are ranked among the newest articles sharing any tag with
# the article, at most this many, so a site of 100,000 articles costs what one of 1,000 does.
# Finding them walks the public articles by date until this many match, so the bound is
# what keeps it flat: on PostgreSQL at 100,000 articles the query took 250 ms unbounded,
# 22–60 ms with 1,000 (and a parallel plan), 2.5 ms with 200 (0.4 ms at 1,000 articles).
RELATED_CANDIDATES = 200
# What a related link shows: title, standfirst, date (no bodies, no image).
_LINK_COLUMNS = ("id", "title", "slug", "dek", "published_at")


@dataclass(frozen=True)
class TagNeighbours:
    """The articles just before and after one article in its primary tag (by date)."""

    tag: Tag
    previous: Article | None
    next: Article | None


@dataclass(frozen=True)
class RelatedReading:
    related: list[Article]
    neighbours: TagNeighbours | None

    def __bool__(self) -> bool:
        return bool(self.related or (self.neighbours and (self.neighbours.previous or
                                                          self.neighbours.next)))  # fmt: skip


def primary_tag(tags: list[Tag]) -> Tag | None:
    """The article's primary tag: the first of its tags as the page lists them (by name).

    Tags carry no order of their own (an author types them as a set), so "first" is the
    order readers see in the tag list at the end of the article, which makes "Next in
    Diplomacy" predictable.
    """
    return min(tags, key=lambda tag: (tag.name.casefold(), tag.pk), default=None)


def related_articles(article: Article, tags: list[Tag], limit: int = RELATED_COUNT) -> list:
    """Public articles sharing the most tags with ``article``, newest first among equals.

    One query: the newest ``RELATED_CANDIDATES`` public articles carrying any of these tags
    (a subquery walking ``article_public_idx`` by date), their tagged-article rows of these
    tags grouped by article and counted; each has a ``shared`` count.
    """
    if not tags:
        return []
    tag_ids = [tag.pk for tag in tags]
    candidates = (
        Article.objects.published()
        .filter(tagged_items__tag__in=tag_ids)
        .exclude(pk=article.pk)
        .order_by("-published_at", "-id")
        .values("pk")[:RELATED_CANDIDATES]
    )
    return list(
        Article.objects.filter(pk__in=candidates, tagged_items__tag__in=tag_ids)
        .annotate(shared=Count("tagged_items"))
        .only(*_LINK_COLUMNS)
        .order_by("-shared", "-published_at", "-id")[:limit]
    )


def tag_neighbours(article: Article, tag: Tag) -> TagNeighbours:
    """The public articles just older and just newer than ``article`` carrying ``tag``.

    One query: the two keyset lookups (on ``(published_at, id)``, as the lists page) are
    scalar subqueries of one row each (SQLite allows no LIMIT inside a UNION).
    """
    in_tag = Article.objects.published().filter(tagged_items__tag=tag).only(*_LINK_COLUMNS)
    at, pk = article.published_at, article.pk
    older = in_tag.filter(Q(published_at__lt=at) | Q(published_at=at, id__lt=pk)).order_by(
        "-published_at", "-id"
    )[:1]
    newer = in_tag.filter(Q(published_at__gt=at) | Q(published_at=at, id__gt=pk)).order_by(
        "published_at", "id"
    )[:1]
    previous = following = None
    pair = in_tag.filter(
        Q(pk=Subquery(older.values("pk"))) | Q(pk=Subquery(newer.values("pk")))
    ).order_by()
    for neighbour in pair:
        if (neighbour.published_at, neighbour.pk) < (at, pk):
            previous = neighbour
        else:
            following = neighbour
    return TagNeighbours(tag=tag, previous=previous, next=following)


def related_reading(article: Article, tags: list[Tag]) -> RelatedReading:
    """The block at the end of a public article (empty for one without date or tags)."""
    if not tags or article.published_at is None:
        return RelatedReading(related=[], neighbours=None)
    related = related_articles(article, tags)
    tag = primary_tag(tags)
    neighbours = tag_neighbours(article, tag)
    shown = [*related, neighbours.previous, neighbours.next]
    caching.depends_on(
        *(caching.tag_list_key(tag.pk) for tag in tags),
        *(caching.article_key(item.pk) for item in shown if item is not None),
    )
    return RelatedReading(related=related, neighbours=neighbours)
