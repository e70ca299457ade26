from django.contrib import admin
from django.utils.html import format_html

from accounts.forms import AdminLoginForm


class BroadsheetAdminSite(admin.AdminSite):
    """The one admin site, branded for the newsroom that works in it."""

    site_header = "Broadsheet"
    site_title = "Broadsheet admin"
    index_title = "Newsroom"
    # Password, then the authenticator code for staff with two-factor authentication.
    login_form = AdminLoginForm

    def index(self, request, extra_context=None):
        """The index opens with a dashboard: every ModelAdmin's ``dashboard_panels(request)``
        (a list of ``{"title", "items": [(label, url, meta)], "more", "empty"}``), then the
        app list. A ModelAdmin with ``index_note(request)`` gets that text beside its name
        (e.g. "Comments · 3 waiting"), and the dashboard lists it too.
        With ``index_url(request)`` its entry opens that address instead of the plain list
        (e.g. the comments waiting)."""
        response = super().index(request, extra_context)
        notes, panels = [], []
        for app in response.context_data.get("app_list", []):
            for entry in app["models"]:
                model_admin = self._registry.get(entry["model"])
                note_for = getattr(model_admin, "index_note", None)
                note = note_for(request) if note_for else ""
                url_for = getattr(model_admin, "index_url", None)
                url = url_for(request) if url_for else None
                if url and entry.get("admin_url"):
                    entry["admin_url"] = url
                if note:
                    notes.append((entry["name"], note, entry.get("admin_url")))
                    entry["name"] = format_html("{} · {}", entry["name"], note)
                panels_for = getattr(model_admin, "dashboard_panels", None)
                if panels_for:
                    panels.extend(panels_for(request))
        response.context_data.update(dashboard_panels=panels, dashboard_notes=notes)
        return response
