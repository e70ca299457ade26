from django.contrib.admin.apps import AdminConfig


class BroadsheetAdminConfig(AdminConfig):
    default_site = "config.admin.BroadsheetAdminSite"

    def ready(self) -> None:
        super().ready()
        from .clientip import proxy_config

        proxy_config()  # a wrong proxy setting stops start-up instead of misreading clients
