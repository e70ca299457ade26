"""What the archive and tag index pages count: public articles per month, year and tag.

Each count is one aggregate query, remembered (``caching.remember``) until what it counts
changes, so a render reads it from the cache. The month counts group
``published()`` by month on the columns of ``article_public_idx`` (status, published_at,
id): on PostgreSQL an index-only scan, never a read of the article rows. The tag counts read
the tagged-article rows of public articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models.functions import Lower, TruncMonth
from django.utils import timezone

from . import caching
from .models import Article, TaggedArticle


@dataclass(frozen=True)
class MonthCount:
    month: date  # the first day of the month
    count: int


@dataclass(frozen=True)
class YearCount:
    year: int
    count: int
    months: list[MonthCount]


@dataclass(frozen=True)
class TagCount:
    name: str
    slug: str
    count: int


def month_counts() -> list[MonthCount]:
    """Public articles per month (in the site's time zone), newest month first."""
    return caching.remember("archive-month-counts", [caching.LISTS], _count_months)


def _count_months() -> list[MonthCount]:
    rows = (
        Article.objects.published()
        .annotate(month=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(count=Count("id"))
        .order_by("-month")
    )
    return [MonthCount(month=timezone.localtime(row["month"]).date(), count=row["count"])
            for row in rows]  # fmt: skip


def year_counts() -> list[YearCount]:
    """The month counts gathered by year, newest first (from the same remembered summary)."""
    years: dict[int, list[MonthCount]] = {}
    for item in month_counts():
        years.setdefault(item.month.year, []).append(item)
    return [
        YearCount(year=year, count=sum(item.count for item in months), months=months)
        for year, months in years.items()
    ]


def tag_counts() -> list[TagCount]:
    """Every tag that public articles carry, with how many carry it, by name.

    Tags only drafts carry are left out (their names stay unannounced, as on tag pages).
    """
    return caching.remember("tag-counts", [caching.LISTS, caching.TAG_INDEX], _count_tags)


def _count_tags() -> list[TagCount]:
    rows = (
        TaggedArticle.objects.filter(content_object__in=Article.objects.published())
        .values("tag_id", "tag__name", "tag__slug")
        .annotate(count=Count("content_object_id"))
        .order_by(Lower("tag__name"), "tag_id")
    )
    return [TagCount(name=row["tag__name"], slug=row["tag__slug"], count=row["count"])
            for row in rows]  # fmt: skip
