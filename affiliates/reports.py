"""Click reports for the owner: per day (chart and CSV), per article, and over a chosen period
(links, articles, and which link earned clicks from which article); one query each."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from .models import DailyClicks, DiscardedClicks

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
class Discarded:
    """Discarded clicks over a period: per day, and per reason (label, count)."""

    per_day: dict[date, int]
    by_reason: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(self.per_day.values())


def discarded_clicks(*, link_id: int, days: int, today: date) -> Discarded:
    """Clicks redirected but not counted in the last ``days`` days, in one query."""
    start = today - timedelta(days=days - 1)
    rows = (
        DiscardedClicks.objects.filter(link_id=link_id, day__gte=start, day__lte=today)
        .values_list("day", "reason", "clicks")
        .order_by()
    )
    per_day: dict[date, int] = {}
    by_reason = dict.fromkeys(DiscardedClicks.Reason, 0)
    for day, reason, clicks in rows:
        per_day[day] = per_day.get(day, 0) + clicks
        by_reason[DiscardedClicks.Reason(reason)] += clicks
    return Discarded(per_day, [(reason.label, count) for reason, count in by_reason.items()])


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
    """A day's counted clicks, with its discarded clicks stacked on top (``discarded_*``)."""

    x: float
    y: float
    width: float
    height: float
    day: date
    clicks: int
    discarded: int = 0
    discarded_y: float = 0
    discarded_height: float = 0


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
    rows: list[tuple[date, int, int]]
    discarded_total: int = 0

    @property
    def total(self) -> int:
        return sum(clicks for _, clicks, _ in self.rows)


def bar_chart(
    rows: list[tuple[date, int]],
    *,
    title: str,
    discarded: dict[date, int] | None = None,
    width: int = 720,
    height: int = 200,
) -> BarChart:
    """Counted clicks per day, with the day's discarded clicks stacked above them."""
    discarded = discarded or {}
    full = [(day, clicks, discarded.get(day, 0)) for day, clicks in rows]
    top, bottom, left = 16, height - 24, 36
    peak = max((clicks + dropped for _, clicks, dropped in full), default=0)
    slot = (width - left) / max(len(full), 1)
    scale = (bottom - top) / peak if peak else 0
    bars = []
    for index, (day, clicks, dropped) in enumerate(full):
        y = bottom - clicks * scale
        bars.append(
            Bar(
                x=round(left + index * slot + slot * 0.1, 2),
                y=round(y, 2),
                width=round(slot * 0.8, 2),
                height=round(clicks * scale, 2),
                day=day,
                clicks=clicks,
                discarded=dropped,
                discarded_y=round(y - dropped * scale, 2),
                discarded_height=round(dropped * scale, 2),
            )
        )
    total = sum(clicks for _, clicks, _ in full)
    dropped_total = sum(dropped for _, _, dropped in full)
    if full and peak:
        busiest = max(full, key=lambda row: row[1])
        summary = (
            f"{total} clicks from {_day(full[0][0])} to {_day(full[-1][0])} {full[-1][0].year}"
        )
        summary += f"; the most, {busiest[1]}, on {_day(busiest[0])}" if busiest[1] else ""
        summary += f". {dropped_total} more not counted." if dropped_total else "."
    else:
        summary = "No clicks in this period."
    return BarChart(title, summary, width, height, top, bottom, bars, peak, full, dropped_total)


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


CSV_HEADER = ["date", "link", "link name", "article", "article title", "clicks"]


def clicks_csv_rows(
    link_ids: Iterable[int] | None = None, *, period: Period | None = None, article_id=None
) -> Iterator[list[str]]:
    """Daily clicks, oldest first, ready for ``csv.writer``: of the given links (all when
    None), within ``period`` (all days when None), from one article when ``article_id``."""
    yield CSV_HEADER
    rows = DailyClicks.objects.all()
    if link_ids is not None:
        rows = rows.filter(link_id__in=list(link_ids))
    if period is not None:
        rows = rows.filter(day__gte=period.start, day__lte=period.end)
    if article_id is not None:
        rows = rows.filter(article_id=article_id)
    rows = rows.order_by("day", "link__slug", "article__slug").values_list(
        "day", "link__slug", "link__name", "article__slug", "article__title", "clicks"
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


# --- comparing links and articles over a chosen period (the admin's reports page) ----------


@dataclass(frozen=True)
class Period:
    """Days from ``start`` to ``end``, both included, and the same number of days before."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


@dataclass(frozen=True)
class ReportRow:
    """Clicks in the period and in the period before it, for a link, an article or a pair."""

    clicks: int
    clicks_before: int
    link_id: int | None = None
    link_name: str = ""
    article_id: int | None = None
    article_title: str = ""

    @property
    def change(self) -> str:
        """ "+3", "−2" (a real minus sign) or "0": more or fewer clicks than the period before."""
        difference = self.clicks - self.clicks_before
        return f"+{difference}" if difference > 0 else f"−{-difference}" if difference else "0"


@dataclass(frozen=True)
class Rows:
    """At most ``limit`` rows, and whether there were more (the CSV has them all)."""

    rows: list[ReportRow]
    more: bool


# How the links table may be sorted: the query's ORDER BY for each choice.
LINK_ORDERS = {
    "-clicks": ("-in_period", "link__name", "link_id"),
    "clicks": ("in_period", "link__name", "link_id"),
    "name": ("link__name", "link_id"),
    "-name": ("-link__name", "-link_id"),
}
REPORT_ROWS = 100


def _in_period(period: Period, *, link_id: int | None, article_id: int | None):
    """The day rows of the period and the one before: an index range on (day), or on
    (link, day) / (article, day) when the report is narrowed to one link or article."""
    rows = DailyClicks.objects.filter(day__gte=period.previous.start, day__lte=period.end)
    if link_id is not None:
        rows = rows.filter(link_id=link_id)
    if article_id is not None:
        rows = rows.filter(article_id=article_id)
    return rows.order_by()


def _totals(period: Period):
    return {
        "in_period": Coalesce(Sum("clicks", filter=Q(day__gte=period.start)), 0),
        "before": Coalesce(Sum("clicks", filter=Q(day__lt=period.start)), 0),
    }


def _rows(queryset, limit: int) -> Rows:
    found = list(queryset[: limit + 1])
    rows = [
        ReportRow(
            clicks=row["in_period"],
            clicks_before=row["before"],
            link_id=row.get("link_id"),
            link_name=row.get("link__name", ""),
            article_id=row.get("article_id"),
            article_title=row.get("article__title") or UNKNOWN_SOURCE,
        )
        for row in found[:limit]
    ]
    return Rows(rows, more=len(found) > limit)


def period_total(period: Period, *, link_id=None, article_id=None) -> ReportRow:
    """All clicks in the period and in the one before it (one query)."""
    totals = _in_period(period, link_id=link_id, article_id=article_id).aggregate(**_totals(period))
    return ReportRow(clicks=totals["in_period"], clicks_before=totals["before"])


def links_in_period(
    period: Period, *, link_id=None, article_id=None, order="-clicks", limit=REPORT_ROWS
) -> Rows:
    """Each link clicked in the period or the one before, with both totals (one query)."""
    rows = (
        _in_period(period, link_id=link_id, article_id=article_id)
        .values("link_id", "link__name")
        .annotate(**_totals(period))
        .order_by(*LINK_ORDERS[order])
    )
    return _rows(rows, limit)


def articles_in_period(period: Period, *, link_id=None, article_id=None, limit=REPORT_ROWS) -> Rows:
    """Each source article (and "unknown or direct"), with both totals (one query)."""
    rows = (
        _in_period(period, link_id=link_id, article_id=article_id)
        .values("article_id", "article__title")
        .annotate(**_totals(period))
        .order_by("-in_period", "article__title", "article_id")
    )
    return _rows(rows, limit)


def links_by_article(period: Period, *, link_id=None, article_id=None, limit=REPORT_ROWS) -> Rows:
    """Which link earned clicks from which article in the period, most first (one query)."""
    rows = (
        _in_period(period, link_id=link_id, article_id=article_id)
        .filter(day__gte=period.start)
        .values("link_id", "link__name", "article_id", "article__title")
        .annotate(**_totals(period))
        .order_by("-in_period", "link__name", "link_id", "article__title", "article_id")
    )
    return _rows(rows, limit)
