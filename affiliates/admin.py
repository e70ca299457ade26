"""The owner's side: links with their clicks and health, and the disclosure settings.

Authors and editors get view permission on links only so the product-box autocomplete works
(``apps.ready``); what is not shown to readers anyway (destinations, notes, health, clicks
and their exports) needs change permission. The product-box inline on blog's article form
is in ``product_box_admin``.
"""

from __future__ import annotations

import io
from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from blog import editor_tools
from blog.singleton_admin import SingletonAdmin

from . import admin_checks, admin_reports, conf, editor_tool, reports, services
from .forms import LAST_MONTH, PRESETS
from .models import AffiliateLink, DisclosureSettings

ARTICLES_SHOWN = 3
# Shown with a slug that can no longer change (AffiliateLink.clean refuses it too).
SLUG_LOCKED_HELP = (
    "Fixed: articles already use this link and store its address, {}, so a new slug would "
    "break their links. To use another slug, add a new link."
)
# What readers never see and only those who may change links do: by field or report column.
PRIVATE_FIELDS = frozenset(
    {"destination_url", "notes", "health", "last_status", "last_error", "last_checked_at",
     "daily_clicks"}
)  # fmt: skip
REPORT_COLUMNS = ("health_label", "clicks_7d", "clicks_30d", "clicks_total")
PRODUCT_BOX_FIELDS = [
    "merchant", "pitch", "button_label", "price_text", "price_checked_on", "image", "image_alt",
]  # fmt: skip
PUBLIC_FIELDSETS = [
    (None, {"fields": ["name", "slug", "cloaked_url", "is_active"]}),
    ("Product box", {"fields": PRODUCT_BOX_FIELDS}),
]


class LinkChangeList(ChangeList):
    """Attaches the articles using each listed link, in one query for the whole page."""

    def get_results(self, request):
        super().get_results(request)
        using = services.articles_using(
            (link.pk for link in self.result_list), published_only=False
        )
        for link in self.result_list:
            link.articles_in_use = using.get(link.pk, [])


@admin.register(AffiliateLink)
class AffiliateLinkAdmin(admin.ModelAdmin):
    list_display = [
        "name", "slug", "merchant", "is_active", "health_label", "clicks_7d", "clicks_30d",
        "clicks_total", "used_in",
    ]  # fmt: skip
    list_filter = ["is_active", "health", "merchant"]
    search_fields = ["name", "slug", "merchant", "destination_url"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [
        "cloaked_url", "health", "last_status", "last_error", "last_checked_at", "created_at",
        "updated_at",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["name", "slug", "cloaked_url", "destination_url", "is_active"]}),
        ("Product box", {"fields": PRODUCT_BOX_FIELDS}),
        ("Notes", {"fields": ["notes"]}),
        (
            "Health and history",
            {
                "fields": [
                    "health",
                    "last_status",
                    "last_error",
                    "last_checked_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    actions = ["deactivate", "check_selected_now", "export_clicks_csv"]
    change_form_template = "affiliates/admin/link_change_form.html"
    change_list_template = "affiliates/admin/link_change_list.html"
    # /go/ counts clicks; the admin must not send staff through it.
    view_on_site = False

    def get_queryset(self, request):
        links = super().get_queryset(request)
        if self.has_reports_permission(request):
            links = links.with_click_totals(today=timezone.localdate())
        return links

    def get_changelist(self, request, **kwargs):
        return LinkChangeList

    # --- what view-only users (authors, for the autocomplete) do not see -----------------

    def has_reports_permission(self, request, obj=None) -> bool:
        """Destinations, notes, health and clicks are for those who may change links."""
        return self.has_change_permission(request, obj)

    def get_list_display(self, request):
        if self.has_reports_permission(request):
            return self.list_display
        return [name for name in self.list_display if name not in REPORT_COLUMNS]

    def get_list_filter(self, request):
        if self.has_reports_permission(request):
            return self.list_filter
        return [name for name in self.list_filter if name not in PRIVATE_FIELDS]

    def get_search_fields(self, request):
        # Searching a field is reading it: "?q=" one letter at a time spells a destination.
        if self.has_reports_permission(request):
            return self.search_fields
        return [name for name in self.search_fields if name not in PRIVATE_FIELDS]

    def lookup_allowed(self, lookup, value, request):
        # The admin allows any lookup on the model's own fields in the query string, so
        # "?notes__startswith=a" would be an oracle for a view-only user.
        if lookup.split("__")[0] in PRIVATE_FIELDS and not self.has_reports_permission(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fieldsets(self, request, obj=None):
        if obj is None or self.has_reports_permission(request, obj):
            return self.fieldsets
        return PUBLIC_FIELDSETS

    # --- a used link's slug is fixed: articles store its /go/ address ---------------------

    def slug_is_locked(self, link: AffiliateLink | None) -> bool:
        if link is None or link.pk is None:
            return False
        if not hasattr(link, "slug_locked"):  # asked several times per page: one query
            link.slug_locked = link.is_in_use()
        return link.slug_locked

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "slug"] if self.slug_is_locked(obj) else readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self.slug_is_locked(obj) else super().get_prepopulated_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.slug_is_locked(obj):
            # The read-only slug shows this help text (as HTML) instead of the field's own.
            locked = format_html(SLUG_LOCKED_HELP, obj.get_absolute_url())
            kwargs["help_texts"] = {**kwargs.get("help_texts", {}), "slug": locked}
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description="clicks 7 d", ordering="clicks_7d")
    def clicks_7d(self, link):
        return link.clicks_7d

    @admin.display(description="clicks 30 d", ordering="clicks_30d")
    def clicks_30d(self, link):
        return link.clicks_30d

    @admin.display(description="clicks in total", ordering="clicks_total")
    def clicks_total(self, link):
        return link.clicks_total

    @admin.display(description="health", ordering="health")
    def health_label(self, link):
        if link.health == AffiliateLink.Health.BROKEN:
            return format_html(
                '<span class="status-badge status-broken" title="{}">Broken</span>',
                link.last_error or f"HTTP {link.last_status}",
            )
        return link.get_health_display()

    @admin.display(description="used in")
    def used_in(self, link):
        articles = getattr(link, "articles_in_use", [])
        shown = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:blog_article_change", args=[ref.pk]), ref.title)
                for ref in articles[:ARTICLES_SHOWN]
            ),
        )
        more = len(articles) - ARTICLES_SHOWN
        return format_html("{} and {} more", shown, more) if more > 0 else shown or "—"

    @admin.display(description="cloaked address")
    def cloaked_url(self, link):
        if not link.pk:
            return "/go/<slug>/ once saved"
        return format_html("<code>{}</code> · in articles: <code>[text](aff:{})</code>",
                           link.get_absolute_url(), link.slug)  # fmt: skip

    # --- deactivation warns about published articles that still use the link --------------

    def save_model(self, request, obj, form, change):
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        if deactivating:
            using = services.articles_using([obj.pk], published_only=True).get(obj.pk, [])
            self.warn_still_used(request, {obj: using} if using else {})

    @admin.action(description="Check the selected links now", permissions=["change"])
    def check_selected_now(self, request, queryset):
        return admin_checks.check_selected(self, request, queryset)

    @admin.action(description="Deactivate selected links", permissions=["change"])
    def deactivate(self, request, queryset):
        still_used = services.deactivate_links(links=queryset)
        self.message_user(request, "The selected links are inactive.", messages.SUCCESS)
        self.warn_still_used(request, still_used)

    def warn_still_used(self, request, still_used) -> None:
        for link, articles in still_used.items():
            self.message_user(
                request,
                format_html(
                    "“{}” is inactive but published articles still link to it, so their "
                    "readers now get the “no longer available” page: {}.",
                    link.name,
                    format_html_join(", ", "“{}”", ((ref.title,) for ref in articles)),
                ),
                messages.WARNING,
            )

    # --- reports -----------------------------------------------------------------------

    @admin.action(description="Export clicks by day (CSV)", permissions=["reports"])
    def export_clicks_csv(self, request, queryset):
        return self.csv_response(queryset.values_list("pk", flat=True))

    def dashboard_panels(self, request) -> list[dict]:
        """The owner's admin index: the clicks report one click away, and active links whose
        shop page is broken (one query)."""
        if not self.has_reports_permission(request):
            return []
        broken = (
            AffiliateLink.objects.filter(is_active=True, health=AffiliateLink.Health.BROKEN)
            .only("id", "name", "last_checked_at")
            .order_by("name")[:5]
        )
        changelist = reverse("admin:affiliates_affiliatelink_changelist")
        reports_url = reverse(admin_reports.REPORT_URL)
        return [
            {
                "title": "Affiliate clicks",
                "items": [
                    (label, f"{reports_url}?period={preset}",
                     "by link and article" if preset == LAST_MONTH else "")
                    for preset, label in PRESETS.items()
                ],
                "more": reports_url,
                "more_label": "The clicks report…",
                "empty": "",
            },
            {
                "title": "Broken affiliate links",
                "items": [
                    (link.name, reverse("admin:affiliates_affiliatelink_change", args=[link.pk]),
                     "")
                    for link in broken
                ],
                "more": f"{changelist}?health__exact=broken",
                "empty": "All affiliate links work.",
            },
        ]  # fmt: skip

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if self.has_reports_permission(request):
            extra_context["reports_url"] = reverse(admin_reports.REPORT_URL)
        if self.has_change_permission(request):
            extra_context["check_all_url"] = reverse("admin:affiliates_affiliatelink_check_all")
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            # Before the per-link addresses below, which would take "reports" for an id.
            path(
                "reports/",
                wrap(partial(admin_reports.reports_view, model_admin=self)),
                name="{}_{}_reports".format(*info),
            ),
            path(
                "reports/clicks.csv",
                wrap(partial(admin_reports.reports_csv_view, model_admin=self)),
                name="{}_{}_reports_csv".format(*info),
            ),
            path(
                "check/",
                wrap(partial(admin_checks.check_all_view, model_admin=self)),
                name="{}_{}_check_all".format(*info),
            ),
            path(
                "check/<int:run_id>/",
                wrap(partial(admin_checks.status_view, model_admin=self)),
                name="{}_{}_check_status".format(*info),
            ),
            path(
                "check/<int:run_id>/continue/",
                wrap(partial(admin_checks.resume_view, model_admin=self)),
                name="{}_{}_check_resume".format(*info),
            ),
            path(
                "<path:object_id>/check/",
                wrap(partial(admin_checks.check_one_view, model_admin=self)),
                name="{}_{}_check".format(*info),
            ),
            path(
                # <path:…> like the admin's own URLs; get_object() turns a malformed id
                # into None (so a 404), where <int:…> would hand it to the admin's catch-all.
                "<path:object_id>/clicks.csv",
                self.admin_site.admin_view(self.link_clicks_csv),
                name="{}_{}_clicks_csv".format(*info),
            ),
            path(
                "picker/",
                self.admin_site.admin_view(self.picker_view),
                name="{}_{}_picker".format(*info),
            ),
            *super().get_urls(),
        ]

    def picker_view(self, request):
        """The section editor's picker: active links matching ``?q=`` (blog.editor_tools)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return editor_tools.results_response(
            editor_tool.picker_results(editor_tools.search_text(request))
        )

    def link_clicks_csv(self, request, object_id: str):
        if not self.has_reports_permission(request):
            raise PermissionDenied
        link = self.get_object(request, unquote(object_id))
        if link is None:
            raise Http404("No such affiliate link.")
        return self.csv_response([link.pk], name=link.slug)

    def csv_response(self, link_ids, *, name: str = "links") -> HttpResponse:
        buffer = io.StringIO()
        reports.write_csv(reports.clicks_csv_rows(link_ids), buffer)
        filename = f"affiliate-clicks-{name}-{timezone.localdate():%Y-%m-%d}.csv"
        return HttpResponse(
            buffer.getvalue(),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        link_id = self.storable_id(unquote(object_id))
        if link_id is not None and self.has_reports_permission(request):
            extra_context = {**(extra_context or {}), **self.report_context(link_id)}
        return super().change_view(request, object_id, form_url, extra_context)

    def storable_id(self, object_id) -> int | None:
        """The id as an integer the pk column can hold; None for anything else (a word, or a
        number past the column), which the admin then answers as an unknown object."""
        try:
            link_id = int(object_id)
        except (TypeError, ValueError):
            return None
        low, high = connection.ops.integer_field_range(self.model._meta.pk.get_internal_type())
        return link_id if low <= link_id <= high else None

    def report_context(self, link_id: int) -> dict:
        days = conf.get("CHART_DAYS")
        today = timezone.localdate()
        rows = reports.clicks_per_day(link_id=link_id, days=days, today=today)
        discarded = reports.discarded_clicks(link_id=link_id, days=days, today=today)
        return {
            "click_chart": reports.bar_chart(
                rows, title=f"Clicks per day, last {days} days", discarded=discarded.per_day
            ),
            "discarded_clicks": discarded,
            "repeat_minutes": conf.get("CLICK_REPEAT_SECONDS") // 60,
            "clicks_by_article": reports.clicks_per_article(link_id=link_id),
            "clicks_csv_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_clicks_csv", args=[link_id]
            ),
            "link_report_url": f"{reverse(admin_reports.REPORT_URL)}?link={link_id}",
            "check_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_check", args=[link_id]
            ),
        }


@admin.register(DisclosureSettings)
class DisclosureSettingsAdmin(SingletonAdmin):
    """The disclosure text and where it goes."""

    fields = ["title", "text", "placement", "repeat_at_end", "always_show"]
