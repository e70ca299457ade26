from django.contrib import admin


class BroadsheetAdminSite(admin.AdminSite):
    """The one admin site, branded for the newsroom that works in it."""

    site_header = "Broadsheet"
    site_title = "Broadsheet admin"
    index_title = "Newsroom"
