from django.contrib.admin.apps import AdminConfig


class BroadsheetAdminConfig(AdminConfig):
    default_site = "config.admin.BroadsheetAdminSite"
