"""Author profiles in the admin: authors edit their own bio and photo, editors anyone's.

Who may do what is decided per object here (``blog.roles.is_editor``): an author's list shows
their own profile only (opening the list goes straight to it, or to the form to create it),
another's profile is 404, and the person a profile belongs to is not a field they can set.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from . import roles
from .models import AuthorProfile
from .presentation import author_name


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    list_display = ["person", "has_photo", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]

    @admin.display(description="author", ordering="user__last_name")
    def person(self, profile):
        return author_name(profile.user)

    @admin.display(description="photo", boolean=True)
    def has_photo(self, profile):
        return bool(profile.photo)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if roles.is_editor(request.user):
            return queryset
        return queryset.filter(user_id=request.user.pk)

    def get_object(self, request, object_id, from_field=None):
        profile = super().get_object(request, object_id, from_field)
        if profile is None:
            raise Http404("No such profile.")
        return profile

    def get_fields(self, request, obj=None):
        own = ["bio", "photo"]
        return ["user", *own] if roles.is_editor(request.user) else own

    def get_readonly_fields(self, request, obj=None):
        # A profile stays with its person; editors choose the person only for a new one.
        return ["user"] if obj is not None and roles.is_editor(request.user) else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(Q(is_staff=True) | Q(articles__isnull=False))
                .filter(author_profile__isnull=True)
                .distinct()
                .order_by("first_name", "last_name", "username")
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user":
            field.label_from_instance = author_name
        return field

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or roles.is_editor(request.user) or obj.user_id == request.user.pk
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or roles.is_editor(request.user) or obj.user_id == request.user.pk
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and roles.is_editor(request.user)

    def save_model(self, request, obj, form, change):
        if not roles.is_editor(request.user):
            obj.user = request.user  # whatever was posted: an author's profile is their own
        super().save_model(request, obj, form, change)

    def _own_profile_id(self, request) -> int | None:
        own = AuthorProfile.objects.filter(user_id=request.user.pk).values_list("pk", flat=True)
        return own.first()

    def changelist_view(self, request, extra_context=None):
        """Authors have one profile: the list opens it (or the form to create it)."""
        if roles.is_editor(request.user) or not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        own = self._own_profile_id(request)
        if own:
            return HttpResponseRedirect(reverse("admin:blog_authorprofile_change", args=[own]))
        return HttpResponseRedirect(reverse("admin:blog_authorprofile_add"))

    def add_view(self, request, form_url="", extra_context=None):
        """One profile each: an author who has theirs is sent to it (a second is never made).

        Checked here rather than in ``has_add_permission``, which the admin's sidebar asks
        on every page (a query there would cost every admin page one)."""
        if not roles.is_editor(request.user):
            own = self._own_profile_id(request)
            if own:
                return HttpResponseRedirect(reverse("admin:blog_authorprofile_change", args=[own]))
        return super().add_view(request, form_url, extra_context)

    def view_on_site(self, profile):
        return profile.get_absolute_url()
