"""The owner's side: links with their clicks and health, product boxes on articles, and the
disclosure settings."""

from __future__ import annotations

import io

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from blog.models import Article

from . import conf, reports, services
from .models import AffiliateLink, ArticleProduct, DisclosureSettings

ARTICLES_SHOWN = 3


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
        (
            "Product box",
            {"fields": ["merchant", "pitch", "button_label", "image", "image_alt"]},
        ),
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
    actions = ["deactivate", "export_clicks_csv"]
    change_form_template = "affiliates/admin/link_change_form.html"
    # /go/ counts clicks; the admin must not send staff through it.
    view_on_site = False

    def get_queryset(self, request):
        return super().get_queryset(request).with_click_totals(today=timezone.localdate())

    def get_changelist(self, request, **kwargs):
        return LinkChangeList

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

    @admin.action(description="Export clicks by day (CSV)", permissions=["view"])
    def export_clicks_csv(self, request, queryset):
        return self.csv_response(queryset.values_list("pk", flat=True))

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/clicks.csv",
                self.admin_site.admin_view(self.link_clicks_csv),
                name="{}_{}_clicks_csv".format(*info),
            ),
            *super().get_urls(),
        ]

    def link_clicks_csv(self, request, object_id):
        link = get_object_or_404(AffiliateLink, pk=object_id)
        if not self.has_view_permission(request, link):
            raise PermissionDenied
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
        extra_context = {**(extra_context or {}), **self.report_context(object_id)}
        return super().change_view(request, object_id, form_url, extra_context)

    def report_context(self, object_id) -> dict:
        try:
            link_id = int(object_id)
        except (TypeError, ValueError):
            return {}  # the admin answers for an unknown object itself
        days = conf.get("CHART_DAYS")
        rows = reports.clicks_per_day(link_id=link_id, days=days, today=timezone.localdate())
        return {
            "click_chart": reports.bar_chart(rows, title=f"Clicks per day, last {days} days"),
            "clicks_by_article": reports.clicks_per_article(link_id=link_id),
            "clicks_csv_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_clicks_csv", args=[link_id]
            ),
        }


@admin.register(DisclosureSettings)
class DisclosureSettingsAdmin(admin.ModelAdmin):
    """One row: the list page goes straight to its form."""

    fields = ["title", "text", "placement", "repeat_at_end", "always_show"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings, _ = DisclosureSettings.objects.get_or_create(pk=DisclosureSettings.SINGLETON_ID)
        return HttpResponseRedirect(
            reverse("admin:affiliates_disclosuresettings_change", args=[settings.pk])
        )


# --- product boxes on the article form ----------------------------------------------------


class ProductBoxFormSet(BaseInlineFormSet):
    """Treats a form posted without this inline (a client that predates it) as "no change".

    The inline joins blog's article form from this app; posts built for blog's own form
    carry no management form for it, which Django would reject as tampering.
    """

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        prefix = prefix or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)


class ProductBoxForm(forms.ModelForm):
    class Meta:
        model = ArticleProduct
        fields = ["link", "after_section", "position"]


class ArticleProductInline(admin.TabularInline):
    model = ArticleProduct
    form = ProductBoxForm
    formset = ProductBoxFormSet
    autocomplete_fields = ["link"]
    extra = 0
    ordering = ["position", "id"]
    verbose_name = "product box"
    verbose_name_plural = (
        "product boxes (shown after the given section, or at the end; inline: "
        "[Product name](aff:slug#box) on a line of its own)"
    )


def add_product_boxes_to_article_admin(site: admin.AdminSite) -> None:
    """Re-register the Article admin with the product-box inline appended.

    blog's admin cannot know this app, and its file is not ours to edit; subclassing the
    admin class that is registered now (blog's, or one another app extended the same way)
    keeps every behaviour of it and composes with other apps doing the same.
    """
    current = type(site.get_model_admin(Article))

    class ArticleWithProductsAdmin(current):
        inlines = [*current.inlines, ArticleProductInline]

    site.unregister(Article)
    site.register(Article, ArticleWithProductsAdmin)


add_product_boxes_to_article_admin(admin.site)
