"""The admin's reports page: links and articles compared over a chosen period, and its CSV.

Thin views over ``reports`` (the queries) and ``forms.ReportForm`` (the period and filters);
``AffiliateLinkAdmin.get_urls`` routes them. Every address on the page is built here from
the form's cleaned values, never from the raw query string.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from . import reports
from .forms import CUSTOM, PRESETS, ReportForm

REPORT_URL = "admin:affiliates_affiliatelink_reports"
CSV_URL = "admin:affiliates_affiliatelink_reports_csv"


@dataclass(frozen=True)
class Choice:
    label: str
    url: str
    current: bool = False
    aria_sort: str = ""  # for a sortable header: "ascending" / "descending" when sorted by it


class ReportAddress:
    """Addresses of this report with some choices changed (a preset, an order, a filter)."""

    def __init__(self, data: dict):
        self.state = {
            "period": data["period"],
            "start": data["range"].start.isoformat() if data["period"] == CUSTOM else None,
            "end": data["range"].end.isoformat() if data["period"] == CUSTOM else None,
            "link": data["link"].pk if data["link"] else None,
            "article": data["article"].pk if data["article"] else None,
            "sort": None if data["sort"] == "-clicks" else data["sort"],
        }

    def query(self, **changes) -> str:
        state = {**self.state, **changes}
        return urlencode({key: value for key, value in state.items() if value is not None})

    def url(self, name: str = REPORT_URL, **changes) -> str:
        return f"{reverse(name)}?{self.query(**changes)}"


def preset_choices(current: str | None, address: ReportAddress | None) -> list[Choice]:
    """One link per preset period, keeping the filters and order when the form was valid."""
    choices = []
    for preset, label in PRESETS.items():
        if address is None:
            url = f"{reverse(REPORT_URL)}?{urlencode({'period': preset})}"
        else:
            url = address.url(period=preset, start=None, end=None)
        choices.append(Choice(label, url, current == preset))
    return choices


def sort_choices(address: ReportAddress, current: str) -> dict[str, Choice]:
    """The links table's sortable headers: a second click reverses the order."""
    headers = {}
    for field, label, first in (("name", "Link", "name"), ("clicks", "Clicks", "-clicks")):
        sorted_by_it = current.lstrip("-") == field
        descending = current.startswith("-")
        toggled = (field if descending else f"-{field}") if sorted_by_it else first
        aria_sort = ("descending" if descending else "ascending") if sorted_by_it else ""
        headers[field] = Choice(label, address.url(sort=toggled), sorted_by_it, aria_sort)
    return headers


def summary(total: reports.ReportRow, period: reports.Period) -> str:
    days = period.days
    return (
        f"{total.clicks} clicks from {period.start:%-d %b %Y} to {period.end:%-d %b %Y} "
        f"({days} days); {total.clicks_before} in the {days} days before."
    )


def reports_view(request, *, model_admin):
    """Clicks in a period: in total, per link, per article, and per link and article."""
    if not model_admin.has_reports_permission(request):
        raise PermissionDenied
    today = timezone.localdate()
    form = ReportForm(request.GET, today=today)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Affiliate clicks report",
        "form": form,
        "today": today,
        "changelist_url": reverse("admin:affiliates_affiliatelink_changelist"),
    }
    if not form.is_valid():
        context["presets"] = preset_choices(None, None)
        return TemplateResponse(request, "affiliates/admin/reports.html", context)
    data = form.cleaned_data
    period, address = data["range"], ReportAddress(data)
    narrowed = {
        "link_id": data["link"].pk if data["link"] else None,
        "article_id": data["article"].pk if data["article"] else None,
    }
    total = reports.period_total(period, **narrowed)
    context.update(
        period=period,
        summary=summary(total, period),
        presets=preset_choices(data["period"], address),
        sorting=sort_choices(address, data["sort"]),
        address=address,
        narrowed_to_link=data["link"],
        narrowed_to_article=data["article"],
        all_links_url=address.url(link=None),
        all_articles_url=address.url(article=None),
        csv_url=address.url(CSV_URL),
        total=total,
        links=rows_with_urls(
            reports.links_in_period(period, order=data["sort"], **narrowed), address
        ),
        articles=rows_with_urls(reports.articles_in_period(period, **narrowed), address),
        pairs=rows_with_urls(reports.links_by_article(period, **narrowed), address),
    )
    return TemplateResponse(request, "affiliates/admin/reports.html", context)


def rows_with_urls(found: reports.Rows, address: ReportAddress) -> dict:
    """Each row with the addresses of this report narrowed to its link and to its article."""
    return {
        "more": found.more,
        "rows": [
            {
                "row": row,
                "link_url": address.url(link=row.link_id) if row.link_id else "",
                "article_url": address.url(article=row.article_id) if row.article_id else "",
            }
            for row in found.rows
        ],
    }


def reports_csv_view(request, *, model_admin):
    """The page's period and filters as daily rows (date, link, article, clicks)."""
    if not model_admin.has_reports_permission(request):
        raise PermissionDenied
    form = ReportForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        problems = " ".join(error for errors in form.errors.values() for error in errors)
        return HttpResponse(
            f"Cannot export: {problems}", status=400, content_type="text/plain; charset=utf-8"
        )
    data = form.cleaned_data
    period = data["range"]
    buffer = io.StringIO()
    reports.write_csv(
        reports.clicks_csv_rows(
            [data["link"].pk] if data["link"] else None,
            period=period,
            article_id=data["article"].pk if data["article"] else None,
        ),
        buffer,
    )
    filename = f"affiliate-clicks-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.csv"
    return HttpResponse(
        buffer.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
