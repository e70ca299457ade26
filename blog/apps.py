from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Articles"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from . import checks, extensions, invalidation, roles  # noqa: F401 (checks registers)
        from .models import Article, AuthorProfile, Correction, Section, corrections_changed
        from .tagging import Tag

        for name, codes in roles.BLOG_ROLES.items():
            extensions.role_permissions[name].update(codes)
        post_migrate.connect(roles.ensure_roles, dispatch_uid="blog-ensure-roles")
        # The page cache forgets exactly the pages that show what changed (blog/caching.py).
        connections = [
            (pre_save, Article, invalidation.article_saving),
            (post_save, Article, invalidation.article_saved),
            (post_delete, Article, invalidation.article_deleted),
            (post_save, Section, invalidation.section_changed),
            (post_save, Correction, corrections_changed),
            (post_delete, Correction, corrections_changed),
            (post_save, Correction, invalidation.correction_changed),
            (post_delete, Correction, invalidation.correction_changed),
            (post_delete, Section, invalidation.section_changed),
            (post_save, Article.tags.through, invalidation.tagging_changed),
            (post_delete, Article.tags.through, invalidation.tagging_changed),
            (post_save, Tag, invalidation.tag_changed),
            (post_delete, Tag, invalidation.tag_changed),
            (post_save, AuthorProfile, invalidation.profile_changed),
            (post_delete, AuthorProfile, invalidation.profile_changed),
            (pre_save, get_user_model(), invalidation.person_saving),
            (post_save, get_user_model(), invalidation.person_saved),
        ]
        for signal, sender, receiver in connections:
            signal.connect(
                receiver, sender=sender, dispatch_uid=f"blog-pages-{receiver.__name__}-{signal}"
            )
