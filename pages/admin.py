from django.contrib import admin

from .models import Page, Redirect


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("title", "path", "is_published", "updated_at")
    list_filter = ("is_published",)
    search_fields = ("title", "path")
    fields = ("title", "path", "body", "is_published")

    def view_on_site(self, obj):
        return obj.path if obj.is_published else None


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "target_label", "created_at")
    search_fields = ("old_path", "new_path", "article__title")
    raw_id_fields = ("article",)
    fields = ("old_path", "article", "new_path")

    @admin.display(description="redirects to")
    def target_label(self, obj):
        return obj.target_label
