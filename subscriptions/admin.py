"""The owner's view of followers and of each article's emails (superusers: the model
permissions are given to no newsroom role)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import ngettext

from . import services
from .models import Announcement, Delivery, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "tag_list", "confirmed_at", "status_changed_at"]
    list_filter = ["status", "confirmed_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "status", "confirmed_at", "status_changed_at"]
    fields = ["email", "status", "tags", "note", "confirmed_at", "status_changed_at"]
    filter_horizontal = ["tags"]
    actions = ["mark_bounced", "mark_complained", "mark_unsubscribed", "mark_confirmed"]
    date_hierarchy = "confirmed_at"

    def has_add_permission(self, request):
        return False  # only the reader's own confirmation makes a subscriber

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description="tags")
    def tag_list(self, subscriber):
        return ", ".join(tag.name for tag in subscriber.tags.all()) or "all articles"

    def _set(self, request, queryset, status, note):
        count = sum(
            services.set_status(subscriber=subscriber, status=status, note=note)
            for subscriber in queryset
        )
        self.message_user(
            request,
            ngettext("%d subscriber changed.", "%d subscribers changed.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description="Record a bounce (stop sending)", permissions=["change"])
    def mark_bounced(self, request, queryset):
        self._set(request, queryset, Subscriber.Status.BOUNCED, "Bounce recorded by the owner.")

    @admin.action(description="Record a spam complaint (stop sending)", permissions=["change"])
    def mark_complained(self, request, queryset):
        self._set(
            request, queryset, Subscriber.Status.COMPLAINED, "Complaint recorded by the owner."
        )

    @admin.action(description="Unsubscribe", permissions=["change"])
    def mark_unsubscribed(self, request, queryset):
        self._set(request, queryset, Subscriber.Status.UNSUBSCRIBED, "")

    @admin.action(description="Resume sending (the reader asked again)", permissions=["change"])
    def mark_confirmed(self, request, queryset):
        self._set(request, queryset, Subscriber.Status.CONFIRMED, "Resumed by the owner.")


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["article", "queued_at", "recipients", "sent", "queued", "failed"]
    list_select_related = ["article"]
    readonly_fields = ["article", "queued_at", "recipients"]
    date_hierarchy = "queued_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        def count(status):
            return Subquery(
                Delivery.objects.filter(article=OuterRef("article"), status=status)
                .values("article")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            )

        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=count(Delivery.Status.SENT),
                queued_count=count(Delivery.Status.QUEUED),
                failed_count=count(Delivery.Status.FAILED),
            )
        )

    @admin.display(description="sent", ordering="sent_count")
    def sent(self, announcement):
        return announcement.sent_count or 0

    @admin.display(description="queued", ordering="queued_count")
    def queued(self, announcement):
        return announcement.queued_count or 0

    @admin.display(description="failed", ordering="failed_count")
    def failed(self, announcement):
        return announcement.failed_count or 0


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["article", "subscriber", "status", "queued_at", "sent_at", "error"]
    list_filter = ["status", ("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article", "subscriber"]
    search_fields = ["subscriber__email", "article__title"]
    readonly_fields = ["article", "subscriber", "status", "queued_at", "sent_at", "error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
