"""Moderation in the admin: the comment list with bulk actions, and the owner's rules."""

from __future__ import annotations

import html

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import ngettext

from blog.models import Section
from blog.presentation import author_name
from blog.singleton_admin import SingletonAdmin

from . import moderation
from . import sections as answered
from .models import Comment, ModerationSettings
from .rules import without_personal_data

MODERATE = "comments.can_moderate"
# Actions offered by the links in the author's email (each confirmed with a POST) and by
# the one-click buttons on the list and on a comment's page.
LINK_ACTIONS = {
    "approve": (moderation.approve, "Approve"),
    "spam": (moderation.mark_spam, "Mark as spam"),
    "remove": (moderation.remove, "Remove"),
}
# The list's row buttons: the status each leads to (disabled when already there), the
# button's label and its keyboard shortcut (admin-moderation.js).
ROW_BUTTONS = {
    "approve": (Comment.Status.APPROVED, "Approve", "a"),
    "spam": (Comment.Status.SPAM, "Spam", "s"),
    "remove": (Comment.Status.REMOVED, "Remove", "r"),
}
PENDING_FILTER = "status__exact=pending"


def excerpt(comment: Comment, length: int = 90) -> str:
    """Plain text from the sanitised HTML; the admin escapes it again when it shows it."""
    return Truncator(html.unescape(strip_tags(comment.body_html))).chars(length)


def moderation_buttons(*, back_to: str):
    """The list's last column: Approve / Spam / Remove, one click each.

    The list is itself a form (the bulk actions), so each button names its moderation URL as
    ``formaction`` instead of nesting a form, and posts with the list's own CSRF token and
    ``next`` = this very list. Without JavaScript the click comes back here; with it,
    ``admin-moderation.js`` posts in the background and updates the row.
    """

    @admin.display(description="moderate")
    def column(comment: Comment):
        return format_html_join(
            "",
            '<button type="submit" class="moderate-button moderate-{}" formaction="{}" '
            'formmethod="post" name="next" value="{}" data-shortcut="{}"{}>{}'
            '<span class="visually-hidden"> comment by {}</span></button>',
            (
                (
                    action,
                    reverse("admin:comments_comment_moderate", args=[comment.pk, action]),
                    back_to,
                    shortcut,
                    " disabled" if comment.status == status else "",
                    label,
                    comment.name,
                )
                for action, (status, label, shortcut) in ROW_BUTTONS.items()
            ),
        )

    column.__name__ = "moderation_buttons"  # the cells' class: field-moderation_buttons
    return column


class SectionFilter(admin.SimpleListFilter):
    """ "By section": once an article is chosen in the article filter, the sections of it
    that have comments this person may see, and "the whole article"."""

    title = "section"
    parameter_name = "section"
    article_parameter = "article__id__exact"  # the article filter's (RelatedOnlyFieldListFilter)
    WHOLE_ARTICLE = "none"

    def lookups(self, request, model_admin):
        article_id = request.GET.get(self.article_parameter, "")
        if not article_id.isdigit() or len(article_id) > 18:
            return []
        visible = model_admin.get_queryset(request).filter(article_id=article_id)
        sections = (
            Section.objects.filter(article_id=article_id, comments__in=visible)
            .select_related("kind")
            .only("id", "heading", "kind__label")
            .distinct()
            .order_by("position", "id")
        )
        return [
            *((str(section.pk), section.display_heading) for section in sections),
            (self.WHOLE_ARTICLE, "The whole article"),
        ]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if value == self.WHOLE_ARTICLE:
            return queryset.filter(section__isnull=True)
        if value.isdigit() and len(value) <= 18:
            return queryset.filter(section_id=int(value))
        return queryset


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt", "commenter_name", "article_link", "section_label", "status_label",
        "reasons_text", "created_at",
    ]  # fmt: skip
    list_display_links = ["excerpt"]
    list_filter = [
        "status", ("article", admin.RelatedOnlyFieldListFilter), SectionFilter, "created_at",
    ]  # fmt: skip
    search_fields = ["name", "email", "body"]
    search_help_text = "Search names, email addresses and comment text."
    # What authors (no moderation permission) may search and filter on: never the
    # commenter's email or IP address, or a search for one would confirm who commented.
    author_search_fields = ["name", "body"]
    author_search_help_text = "Search names and comment text."
    author_lookup_fields = {"status", "article", "section", "created_at"}  # the list_filter fields
    ordering = ["-created_at", "-id"]
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["approve_selected", "mark_selected_spam", "remove_selected"]
    readonly_fields = [
        "article_link", "section_link", "parent_link", "rendered_body", "status_label",
        "created_at", "reasons_text", "public_reasons_text", "spam_score", "ip_address",
        "user_agent", "moderated_at", "moderator",
    ]  # fmt: skip

    # --- who sees what ---------------------------------------------------------------

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .select_related("article", "moderated_by", "section__kind")
            .defer(
                "article__intro",
                "article__intro_html",
                "article__image_renditions",
                "section__body",
                "section__body_html",
            )
        )
        return queryset.visible_to(request.user)

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm(MODERATE)

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        user = request.user
        return (
            super().has_view_permission(request, obj)
            or user.has_perm(MODERATE)
            # Authors read the comments on their own articles (get_queryset narrows it).
            or (user.is_active and user.is_staff and user.has_perm("blog.change_article"))
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(MODERATE)

    def has_add_permission(self, request) -> bool:
        return False  # comments come from readers

    def get_fields(self, request, obj=None):
        shown = ["article_link", "section_link", "parent_link", "created_at", "rendered_body"]
        if not self.has_moderate_permission(request):
            # Authors read the comment; the commenter's address and traces stay private.
            return [*shown, "name", "status_label", "public_reasons_text"]
        return [*shown, "body", "name", "email", "website", "status", "notify_replies",
                "reasons_text", "spam_score", "ip_address", "user_agent", "moderated_at",
                "moderator"]  # fmt: skip

    @admin.display(description="name", ordering="name")
    def commenter_name(self, comment):
        # Isolated, so a name written right-to-left cannot reorder the columns beside it.
        return format_html("<bdi>{}</bdi>", comment.name)

    def get_list_display(self, request):
        if self.has_moderate_permission(request):
            return [*self.list_display, moderation_buttons(back_to=request.get_full_path())]
        return [
            "public_reasons_text" if column == "reasons_text" else column
            for column in self.list_display
        ]

    def get_search_fields(self, request):
        if self.has_moderate_permission(request):
            return self.search_fields
        return self.author_search_fields

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not self.has_moderate_permission(request):
            changelist.search_help_text = self.author_search_help_text
        return changelist

    def lookup_allowed(self, lookup, value, request):
        # The admin lets a URL filter on any of the model's own fields (?email=…,
        # ?ip_address__startswith=…): for authors that would be a way to test an address
        # against their commenters. They get the list's filters only.
        field = lookup.split(LOOKUP_SEP)[0]
        if field not in self.author_lookup_fields and not self.has_moderate_permission(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    # --- columns ---------------------------------------------------------------------

    @admin.display(description="comment")
    def excerpt(self, comment):
        return excerpt(comment) or "(empty)"

    @admin.display(description="article", ordering="article__title")
    def article_link(self, comment):
        return format_html(
            '<a href="{}">{}</a>', comment.article.get_absolute_url(), comment.article.title
        )

    @admin.display(description="on section")
    def section_label(self, comment):
        return comment.section.display_heading if comment.section_id else "—"

    @admin.display(description="answers")
    def section_link(self, comment):
        """The section the comment answers, linked to it on the public page."""
        if not comment.section_id:
            return "The whole article"
        article = comment.article
        place = answered.places(article, article.sections.select_related("kind")).get(
            comment.section_id
        )
        if place is None:
            return comment.section.display_heading
        return format_html('<a href="{}#{}">{}</a>', place.article_url, place.anchor, place.heading)

    @admin.display(description="in reply to")
    def parent_link(self, comment):
        if not comment.parent_id:
            return "—"
        url = reverse("admin:comments_comment_change", args=[comment.parent_id])
        return format_html('<a href="{}">comment {}</a>', url, comment.parent_id)

    @admin.display(description="moderated by")
    def moderator(self, comment):
        # By display name, as everywhere people are shown: usernames are login names.
        return author_name(comment.moderated_by) if comment.moderated_by else "—"

    @admin.display(description="status", ordering="status")
    def status_label(self, comment):
        return format_html(
            '<span class="status-badge status-{}">{}</span>',
            comment.status,
            comment.get_status_display(),
        )

    @admin.display(description="reasons")
    def reasons_text(self, comment):
        return " ".join(comment.reasons) or "—"

    @admin.display(description="reasons")
    def public_reasons_text(self, comment):
        """The reasons as authors see them: without the commenter's email or IP address."""
        return " ".join(map(without_personal_data, comment.reasons)) or "—"

    @admin.display(description="comment as published")
    def rendered_body(self, comment):
        # body_html went through the sanitiser when the comment was saved: safe to show.
        return format_html('<div class="comment-rendered">{}</div>', mark_safe(comment.body_html))

    # --- saving goes through the moderation functions ---------------------------------

    def save_model(self, request, obj, form, change):
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)  # save() re-sanitises the body
        if new_status != obj.status:
            moderation.set_status(comment=obj, status=new_status, moderator=request.user)

    # --- bulk actions ------------------------------------------------------------------

    def _bulk(self, request, queryset, action, done: tuple[str, str]):
        # The parent comes in the same query (approving a reply checks whether its parent
        # asked to hear of it), so each comment costs one UPDATE; emails go after the commit.
        with transaction.atomic():
            comments = queryset.select_related("parent")
            count = sum(action(comment=c, moderator=request.user) for c in comments)
        self.message_user(request, ngettext(*done, count) % count, messages.SUCCESS)

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, moderation.approve,
                   ("%d comment approved.", "%d comments approved."))  # fmt: skip

    @admin.action(description="Mark selected comments as spam", permissions=["moderate"])
    def mark_selected_spam(self, request, queryset):
        self._bulk(request, queryset, moderation.mark_spam,
                   ("%d comment marked as spam.", "%d comments marked as spam."))  # fmt: skip

    @admin.action(description="Remove selected comments", permissions=["moderate"])
    def remove_selected(self, request, queryset):
        self._bulk(request, queryset, moderation.remove,
                   ("%d comment removed.", "%d comments removed."))  # fmt: skip

    # --- one comment, from the links in the author's email ----------------------------

    def get_urls(self):
        view = self.admin_site.admin_view(self.moderate_view)
        return [
            path(
                "<int:comment_id>/moderate/<str:action>/",
                view,
                name="comments_comment_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, comment_id: int, action: str):
        """GET asks "Approve this comment?"; only a POST changes anything.

        The POST comes from that confirmation page (links in the author's email), from a
        row button on the list, or from the buttons on the comment's own page. It answers
        JSON to the list's script, and otherwise goes back where it came from (``next``,
        when it is a path on this site), or to the next comment waiting.
        """
        if action not in LINK_ACTIONS:
            raise PermissionDenied
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(self.get_queryset(request), pk=comment_id)
        perform, label = LINK_ACTIONS[action]
        if request.method == "POST":
            changed = perform(comment=comment, moderator=request.user)
            verb = label.lower() if changed else f"{label.lower()} (no change needed)"
            message = f"Comment by {comment.name}: {verb}."
            if request.headers.get("Accept", "").startswith("application/json"):
                return JsonResponse(
                    {
                        "id": comment.pk,
                        "status": comment.status,
                        "status_label": comment.get_status_display(),
                        "message": message,
                        "waiting": self._waiting(request, refresh=True),
                    }
                )
            self.message_user(request, message, messages.SUCCESS)
            return HttpResponseRedirect(self._after_moderation_url(request, comment))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{label}: comment by {comment.name}",
            "comment": comment,
            "rendered": self.rendered_body(comment),
            "label": label,
            "opts": self.opts,
            "change_url": reverse("admin:comments_comment_change", args=[comment.pk]),
        }
        return TemplateResponse(request, "comments/admin/moderate_confirm.html", context)

    def _after_moderation_url(self, request, comment: Comment) -> str:
        """``next`` when it is a path of this site; else the next comment waiting, or the
        pending list when none is left."""
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        following = self.next_waiting(request, comment)
        if following is not None:
            return reverse("admin:comments_comment_change", args=[following])
        return self.pending_url()

    def next_waiting(self, request, comment: Comment) -> int | None:
        """The id of the comment waiting after this one in the list's order (newest first),
        wrapping round to the newest; None when no other comment waits."""
        waiting = self.get_queryset(request).pending().exclude(pk=comment.pk).order_by()
        older = waiting.filter(
            models.Q(created_at__lt=comment.created_at)
            | models.Q(created_at=comment.created_at, pk__lt=comment.pk)
        )
        for candidates in (older, waiting):
            found = candidates.order_by("-created_at", "-id").values_list("pk", flat=True)[:1]
            if found:
                return found[0]
        return None

    @staticmethod
    def pending_url() -> str:
        return f"{reverse('admin:comments_comment_changelist')}?{PENDING_FILTER}"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The comment's page offers the same one-click buttons, and the next one waiting."""
        extra_context = dict(extra_context or {})
        if self.has_moderate_permission(request):
            comment = self.get_object(request, object_id)
            if comment is not None:
                following = self.next_waiting(request, comment)
                extra_context["moderation"] = {
                    "buttons": [
                        {
                            "url": reverse(
                                "admin:comments_comment_moderate", args=[comment.pk, action]
                            ),
                            "label": label,
                            "shortcut": shortcut,
                            "current": comment.status == status,
                        }
                        for action, (status, label, shortcut) in ROW_BUTTONS.items()
                    ],
                    "next_url": (
                        reverse("admin:comments_comment_change", args=[following])
                        if following is not None
                        else ""
                    ),
                    "pending_url": self.pending_url(),
                }
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        extra_context["can_moderate"] = self.has_moderate_permission(request)
        return super().changelist_view(request, extra_context)

    # --- the admin index shows how many wait ------------------------------------------

    def _waiting(self, request, *, refresh: bool = False) -> int:
        """Comments waiting that this person may see; counted once per request."""
        if refresh or not hasattr(request, "_comments_waiting"):
            request._comments_waiting = self.get_queryset(request).pending().count()
        return request._comments_waiting

    def index_note(self, request) -> str:
        """Shown beside "Comments" on the admin index (see config.admin)."""
        waiting = self._waiting(request)
        return f"{waiting} waiting" if waiting else ""

    def index_url(self, request) -> str | None:
        """With comments waiting, "Comments · 3 waiting" opens the pending view."""
        return self.pending_url() if self._waiting(request) else None


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(SingletonAdmin):
    """The owner's moderation rules, grouped as the owner thinks of them."""

    fieldsets = [
        ("Holding for moderation", {"fields": ["hold_first_time", "max_links"]}),
        ("Spam", {"fields": ["blocked_words", "blocked_emails", "blocked_ips"]}),
        ("Rate limit", {"fields": ["rate_limit_count", "rate_limit_minutes"]}),
        ("Threads", {"fields": ["max_depth", "close_after_days"]}),
        ("Privacy", {"fields": ["retention_days"]}),
    ]
