from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Articles"

    def ready(self) -> None:
        from . import caching, extensions, roles
        from .models import Article, Section

        for name, codes in roles.BLOG_ROLES.items():
            extensions.role_permissions[name].update(codes)
        post_migrate.connect(roles.ensure_roles, dispatch_uid="blog-ensure-roles")
        for model in (Article, Section):
            for signal in (post_save, post_delete):
                signal.connect(
                    caching.bump_content_version,
                    sender=model,
                    dispatch_uid=f"blog-content-version-{signal is post_save}-{model.__name__}",
                )
