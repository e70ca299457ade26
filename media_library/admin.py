"""The media library in the admin: upload, describe, find where a picture is used, and the
picker that the section editor opens ("Insert picture")."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.actions import delete_selected as delete_selected_confirmation
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from blog import editor_tools

from .models import Image, ImageUsage
from .usage import articles_using

ARTICLES_SHOWN = 3


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt", "caption", "credit", "dimensions", "used_in", "created_at"]
    list_display_links = ["alt"]
    search_fields = ["alt", "caption", "credit"]
    fields = ["file", "preview", "alt", "caption", "credit", "markdown", "used_in_articles"]
    readonly_fields = ["preview", "markdown", "used_in_articles"]
    actions = ["delete_selected"]
    list_per_page = 50

    class Media:
        css = {"all": ["css/admin-editor-tools.css"]}

    def get_queryset(self, request):
        # The "used in" column: every listed picture's articles in one more query.
        uses = ImageUsage.objects.select_related("article").only(
            "image_id", "article_id", "article__title"
        )
        return super().get_queryset(request).prefetch_related(Prefetch("usages", queryset=uses))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    # --- columns and read-only fields -------------------------------------------------

    @admin.display(description="picture")
    def thumbnail(self, image):
        if not image.thumbnail_url:
            return "—"
        return format_html(
            '<img class="library-thumbnail" src="{}" alt="" width="80" loading="lazy">',
            image.thumbnail_url,
        )

    @admin.display(description="size")
    def dimensions(self, image):
        return f"{image.width} × {image.height}" if image.width else "—"

    @admin.display(description="used in")
    def used_in(self, image):
        articles = {use.article_id: use.article.title for use in image.usages.all()}
        if not articles:
            return "—"
        shown = ", ".join(list(articles.values())[:ARTICLES_SHOWN])
        more = len(articles) - ARTICLES_SHOWN
        return f"{shown} and {more} more" if more > 0 else shown

    @admin.display(description="preview")
    def preview(self, image):
        if not image.pk or not image.thumbnail_url:
            return "—"
        return format_html(
            '<img class="library-preview" src="{}" alt="{}" width="{}">',
            image.thumbnail_url,
            image.alt,
            min(480, image.width or 480),
        )

    @admin.display(description="in the text")
    def markdown(self, image):
        if not image.pk:
            return "—"
        return format_html(
            "<code>{}</code><div class='help'>Write this on a line of its own in a section "
            "(or use “Insert picture” above a section's text).</div>",
            image.markdown,
        )

    @admin.display(description="used in articles")
    def used_in_articles(self, image):
        if not image.pk:
            return "—"
        links = self.article_links(articles_using([image]))
        if not links:
            return "No article uses this picture."
        return format_html(
            "<ul class='library-uses'>{}</ul>",
            format_html_join("", "<li><a href='{}'>{}</a></li>", links),
        )

    # --- deleting: a picture in use is named in a warning ------------------------------

    @staticmethod
    def article_links(articles) -> list[tuple[str, str]]:
        return [
            (reverse("admin:blog_article_change", args=[article.pk]), article.title)
            for article in articles
        ]

    def in_use_context(self, images) -> dict:
        return {"articles_in_use": self.article_links(articles_using(images))}

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            image = self.get_object(request, object_id)
            if image is not None:
                extra_context = {**(extra_context or {}), **self.in_use_context([image])}
        return super().delete_view(request, object_id, extra_context)

    @admin.action(description="Delete selected pictures", permissions=["delete"])
    def delete_selected(self, request, queryset):
        response = delete_selected_confirmation(self, request, queryset)
        if isinstance(response, TemplateResponse):
            response.context_data.update(self.in_use_context(queryset))
        return response

    def get_deleted_objects(self, objs, request):
        # Usage rows are derived data that go with the picture: deleting them needs no
        # permission of its own (the warning names the articles instead).
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(ImageUsage._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    # --- the section editor's picker (blog.extensions.editor_tools) ---------------------

    def get_urls(self):
        return [
            path(
                "picker/",
                self.admin_site.admin_view(self.picker_view),
                name="media_library_image_picker",
            ),
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="media_library_image_upload",
            ),
            *super().get_urls(),
        ]

    def picker_view(self, request):
        """The newest pictures matching ``?q=`` (number, alt text, caption or credit)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        found = Image.objects.matching(editor_tools.search_text(request)).only(
            "id", "alt", "caption", "credit", "width", "height", "renditions"
        )[: editor_tools.MAX_RESULTS]
        return editor_tools.results_response([picker_result(image) for image in found])

    def upload_view(self, request):
        """The picker's "Upload a new picture": the add form's fields and checks, as JSON
        (GET describes the fields; POST stores the picture and answers it as a result)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form_class = self.get_form(request, None, fields=["file", "alt", "caption", "credit"])
        if request.method != "POST":
            return editor_tools.describe_form(form_class())
        form = form_class(request.POST, request.FILES)
        if not form.is_valid():
            return editor_tools.form_errors(form)
        image = form.save(commit=False)
        self.save_model(request, image, form, change=False)
        self.log_addition(request, image, [{"added": {}}])
        return editor_tools.created(picker_result(image))


def picker_result(image: Image) -> dict:
    return editor_tools.result(
        label=image.alt,
        detail=" · ".join(part for part in (f"#{image.pk}", image.caption, image.credit) if part),
        thumbnail=image.thumbnail_url,
        choices=[editor_tools.choice("Insert", image.markdown, block=True)],
    )
