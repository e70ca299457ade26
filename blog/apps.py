from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Articles"

    def ready(self) -> None:
        from . import extensions, roles

        for name, codes in roles.BLOG_ROLES.items():
            extensions.role_permissions[name].update(codes)
        post_migrate.connect(roles.ensure_roles, dispatch_uid="blog-ensure-roles")
