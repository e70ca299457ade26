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
        """A ModelAdmin with ``index_note(request)`` gets that text beside its name here
        (e.g. "Comments · 3 waiting")."""
        response = super().index(request, extra_context)
        for app in response.context_data.get("app_list", []):
            for entry in app["models"]:
                note_for = getattr(self._registry.get(entry["model"]), "index_note", None)
                note = note_for(request) if note_for else ""
                if note:
                    entry["name"] = format_html("{} · {}", entry["name"], note)
        return response
