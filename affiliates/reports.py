"""Click reports for the owner: per day (chart and CSV) and per article; one query each."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum

from .models import DailyClicks

UNKNOWN_SOURCE = "(unknown or direct)"


def clicks_per_day(*, link_id: int, days: int, today: date) -> list[tuple[date, int]]:
    """(day, clicks) for each of the last ``days`` days up to ``today``, zeros included."""
    start = today - timedelta(days=days - 1)
    totals = dict(
        DailyClicks.objects.filter(link_id=link_id, day__gte=start, day__lte=today)
        .values("day")
        .annotate(total=Sum("clicks"))
        .values_list("day", "total")
    )
    every_day = (start + timedelta(days=offset) for offset in range(days))
    return [(day, totals.get(day, 0)) for day in every_day]


@dataclass(frozen=True)
class ArticleClicks:
    title: str
    article_id: int | None
    clicks: int


def clicks_per_article(*, link_id: int) -> list[ArticleClicks]:
    rows = (
        DailyClicks.objects.filter(link_id=link_id)
        .values("article_id", "article__title")
        .annotate(total=Sum("clicks"))
        .order_by("-total", "article__title")
    )
    return [
        ArticleClicks(row["article__title"] or UNKNOWN_SOURCE, row["article_id"], row["total"])
        for row in rows
    ]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: date
    clicks: int


@dataclass(frozen=True)
class BarChart:
    """Geometry for a server-rendered SVG bar chart; the template only draws it."""

    title: str
    summary: str
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    bars: list[Bar]
    peak: int
    rows: list[tuple[date, int]]


def bar_chart(
    rows: list[tuple[date, int]], *, title: str, width: int = 720, height: int = 200
) -> BarChart:
    top, bottom, left = 16, height - 24, 36
    peak = max((clicks for _, clicks in rows), default=0)
    slot = (width - left) / max(len(rows), 1)
    scale = (bottom - top) / peak if peak else 0
    bars = [
        Bar(
            x=round(left + index * slot + slot * 0.1, 2),
            y=round(bottom - clicks * scale, 2),
            width=round(slot * 0.8, 2),
            height=round(clicks * scale, 2),
            day=day,
            clicks=clicks,
        )
        for index, (day, clicks) in enumerate(rows)
    ]
    total = sum(clicks for _, clicks in rows)
    if rows and peak:
        busiest = max(rows, key=lambda row: row[1])
        summary = (
            f"{total} clicks from {_day(rows[0][0])} to {_day(rows[-1][0])} {rows[-1][0].year}; "
            f"the most, {peak}, on {_day(busiest[0])}."
        )
    else:
        summary = "No clicks in this period."
    return BarChart(title, summary, width, height, top, bottom, bars, peak, rows)


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


CSV_HEADER = ["date", "link", "link name", "article", "article title", "clicks"]


def clicks_csv_rows(link_ids: Iterable[int]) -> Iterator[list[str]]:
    """Daily clicks of the given links, oldest first, ready for ``csv.writer``."""
    yield CSV_HEADER
    rows = (
        DailyClicks.objects.filter(link_id__in=list(link_ids))
        .order_by("day", "link__slug", "article__slug")
        .values_list("day", "link__slug", "link__name", "article__slug", "article__title", "clicks")
    )
    for day, slug, name, article_slug, article_title, clicks in rows.iterator(chunk_size=2000):
        yield [
            day.isoformat(), slug, spreadsheet_safe(name), article_slug or "",
            spreadsheet_safe(article_title or UNKNOWN_SOURCE), str(clicks),
        ]  # fmt: skip


def spreadsheet_safe(text: str) -> str:
    """Keep spreadsheets from running a cell as a formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(rows: Iterable[list[str]], stream) -> None:
    csv.writer(stream).writerows(rows)
