"""Writes that span several rows or must be atomic: counting clicks, deactivating links."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone

from blog import caching
from blog.models import Article

from .models import AffiliateLink, ArticleProduct, DailyClicks, DiscardedClicks, LinkUsage

COLUMNS = ("link_id", "article_id", "day", "clicks")
DISCARDED_COLUMNS = ("link_id", "day", "reason", "clicks")


def record_click(*, link_id: int, article_id: int | None, day: date) -> None:
    """Add one click to the (link, article, day) counter, creating it if needed.

    One ``INSERT … ON CONFLICT … DO UPDATE SET clicks = clicks + 1`` statement: atomic on
    PostgreSQL and SQLite alike, so concurrent clicks never lose an increment or collide on
    the first insert of the day, and the redirect costs a single write. Raw SQL because the
    ORM's ``bulk_create(update_conflicts=True)`` overwrites the value instead of adding to it,
    and cannot name a partial unique index as the conflict target.
    """
    table = connection.ops.quote_name(DailyClicks._meta.db_table)
    link_col, article_col, day_col, clicks_col = map(connection.ops.quote_name, COLUMNS)
    day_value = connection.ops.adapt_datefield_value(day)
    if article_id is None:
        columns = f"{link_col}, {day_col}, {clicks_col}"
        values = [link_id, day_value, 1]
        target = f"({link_col}, {day_col}) WHERE {article_col} IS NULL"
    else:
        columns = f"{link_col}, {article_col}, {day_col}, {clicks_col}"
        values = [link_id, article_id, day_value, 1]
        target = f"({link_col}, {article_col}, {day_col}) WHERE {article_col} IS NOT NULL"
    placeholders = ", ".join(["%s"] * len(values))
    # Only quoted identifiers are interpolated; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT {target} DO UPDATE SET {clicks_col} = {table}.{clicks_col} + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def record_discarded_click(*, link_id: int, day: date, reason: DiscardedClicks.Reason) -> None:
    """Add one to the (link, day, reason) count of discarded clicks: one atomic upsert."""
    table = connection.ops.quote_name(DiscardedClicks._meta.db_table)
    link_col, day_col, reason_col, clicks_col = map(connection.ops.quote_name, DISCARDED_COLUMNS)
    values = [link_id, connection.ops.adapt_datefield_value(day), str(reason), 1]
    # Only quoted identifiers are interpolated; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({link_col}, {day_col}, {reason_col}, {clicks_col}) "  # noqa: S608
        f"VALUES (%s, %s, %s, %s) ON CONFLICT ({link_col}, {day_col}, {reason_col}) "
        f"DO UPDATE SET {clicks_col} = {table}.{clicks_col} + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def take_click(
    *, link_id: int, article_id: int | None, day: date, discarded: DiscardedClicks.Reason | None
) -> None:
    """Count a reader's click, or the reason it was discarded: one write either way."""
    if discarded is None:
        record_click(link_id=link_id, article_id=article_id, day=day)
    else:
        record_discarded_click(link_id=link_id, day=day, reason=discarded)


def fold_clicks_into_unknown_source(*, article_id: int) -> None:
    """Move an article's click counts to the "unknown source" rows before it is deleted."""
    table = connection.ops.quote_name(DailyClicks._meta.db_table)
    link_col, article_col, day_col, clicks_col = map(connection.ops.quote_name, COLUMNS)
    # Only quoted identifiers are interpolated; the article id is a parameter.
    sql = (
        f"INSERT INTO {table} ({link_col}, {day_col}, {clicks_col}) "  # noqa: S608
        f"SELECT {link_col}, {day_col}, {clicks_col} FROM {table} WHERE {article_col} = %s "
        f"ON CONFLICT ({link_col}, {day_col}) WHERE {article_col} IS NULL "
        f"DO UPDATE SET {clicks_col} = {table}.{clicks_col} + excluded.{clicks_col}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [article_id])


@dataclass(frozen=True)
class ArticleRef:
    """Just enough of an article to name it in a message or a list."""

    pk: int
    title: str
    slug: str


def articles_using(link_ids: Iterable[int], *, published_only: bool) -> dict[int, list[ArticleRef]]:
    """Articles whose text or product boxes use each link, by link id, in one query."""
    link_ids = list(link_ids)
    articles = Article.objects.published() if published_only else Article.objects.all()
    fields = ("link_id", "article_id", "article__title", "article__slug")
    in_text = LinkUsage.objects.filter(link_id__in=link_ids, article__in=articles.values("pk"))
    in_boxes = ArticleProduct.objects.filter(
        link_id__in=link_ids, article__in=articles.values("pk")
    )
    # UNION removes duplicates (a link in several sections, or in the text and a box).
    rows = in_text.order_by().values_list(*fields).union(in_boxes.order_by().values_list(*fields))
    found: dict[int, list[ArticleRef]] = {}
    for link_id, article_id, title, slug in rows:
        found.setdefault(link_id, []).append(ArticleRef(article_id, title, slug))
    for refs in found.values():
        refs.sort(key=lambda ref: (ref.title.casefold(), ref.pk))
    return found


def deactivate_links(*, links: Iterable[AffiliateLink]) -> dict[AffiliateLink, list[ArticleRef]]:
    """Turn links off; return those that published articles still use, with the articles.

    A plain UPDATE of the flag, not ``full_clean()`` and ``save()``: turning a link off is
    the remedy for a bad one, so it must work even if the row no longer validates.
    """
    links = [link for link in links if link.is_active]
    AffiliateLink.objects.filter(pk__in=[link.pk for link in links]).update(
        is_active=False, updated_at=timezone.now()
    )
    for link in links:
        link.is_active = False
    # An UPDATE sends no signal: refresh the cached pages that showed these boxes here.
    refresh_pages_using([link.pk for link in links])
    using = articles_using((link.pk for link in links), published_only=True)
    return {link: using[link.pk] for link in links if link.pk in using}


def refresh_pages_using(link_ids: Iterable[int]) -> None:
    """Forget the cached pages of articles whose text or boxes use these links (where-used)."""
    using = articles_using(link_ids, published_only=False)
    article_ids = sorted({ref.pk for refs in using.values() for ref in refs})
    if article_ids:
        caching.invalidate(*(caching.article_body_key(pk) for pk in article_ids))
