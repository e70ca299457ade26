"""The reports page's choices: a period (a preset or from–to dates), an optional link or
article to narrow it to, and the links table's order. The CSV export reads the same form."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError

from blog.models import Article

from .models import AffiliateLink
from .reports import LINK_ORDERS, Period

# The longest custom period: two years, so a report (which also reads the period before it)
# never aggregates more than four years of rows.
MAX_PERIOD_DAYS = 731
LAST_MONTH = "last-month"
CUSTOM = "custom"
PRESETS = {"7": "Last 7 days", "30": "Last 30 days", "90": "Last 90 days", LAST_MONTH: "Last month"}
DEFAULT_PRESET = "30"


def preset_period(preset: str, *, today: date) -> Period:
    """ "7", "30", "90": that many days up to today, included; "last-month": the calendar
    month before this one."""
    if preset == LAST_MONTH:
        end = today.replace(day=1) - timedelta(days=1)
        return Period(end.replace(day=1), end)
    return Period(today - timedelta(days=int(preset) - 1), today)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class ReportForm(forms.Form):
    """Read from the query string; every value is checked, none is trusted."""

    period = forms.ChoiceField(
        label="Period",
        choices=[*PRESETS.items(), (CUSTOM, "From–to dates")],
        required=False,
    )
    start = forms.DateField(label="From", required=False, widget=DateInput())
    end = forms.DateField(label="To (included)", required=False, widget=DateInput())
    link = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        choices=[(order, order) for order in LINK_ORDERS], required=False, widget=forms.HiddenInput
    )

    def __init__(self, data, *, today: date):
        super().__init__(data)
        self.today = today

    def clean_link(self) -> AffiliateLink | None:
        link_id = self.cleaned_data.get("link")
        if link_id is None:
            return None
        link = AffiliateLink.objects.filter(pk=link_id).only("id", "name").first()
        if link is None:
            raise ValidationError("There is no such affiliate link (it may have been deleted).")
        return link

    def clean_article(self) -> Article | None:
        article_id = self.cleaned_data.get("article")
        if article_id is None:
            return None
        article = Article.objects.filter(pk=article_id).only("id", "title").first()
        if article is None:
            raise ValidationError("There is no such article (it may have been deleted).")
        return article

    def clean(self):
        data = super().clean()
        preset = data.get("period") or (CUSTOM if data.get("start") or data.get("end") else "")
        data["period"] = preset or DEFAULT_PRESET
        data["sort"] = data.get("sort") or "-clicks"
        if data["period"] != CUSTOM:
            data["range"] = preset_period(data["period"], today=self.today)
            return data
        start, end = data.get("start"), data.get("end")
        if "start" in self.errors or "end" in self.errors:
            return data  # the field's own message says what is wrong with the date
        if start is None or end is None:
            raise ValidationError("Give both dates, From and To, for a custom period.")
        if start > end:
            raise ValidationError("The From date must not be after the To date.")
        if end > self.today:
            raise ValidationError(f"The To date cannot be after today ({self.today:%-d %b %Y}).")
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            raise ValidationError(f"Choose at most {MAX_PERIOD_DAYS} days (two years).")
        data["range"] = Period(start, end)
        return data
