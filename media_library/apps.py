from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete


class MediaLibraryConfig(AppConfig):
    name = "media_library"
    verbose_name = "Media library"

    def ready(self) -> None:
        # blog knows nothing of this app: it offers hooks, and we register with them here.
        from blog import extensions, markup
        from blog.models import Article, Section

        from . import embedding, signals
        from .models import Image

        markup.register_link_scheme(embedding.SCHEME, embedding.resolve)
        if embedding.EDITOR_TOOL not in extensions.editor_tools:
            extensions.editor_tools.append(embedding.EDITOR_TOOL)
        actions = ("add", "change", "view")
        extensions.role_permissions["Authors"].update(f"media_library.{a}_image" for a in actions)
        extensions.role_permissions["Editors"].update(
            f"media_library.{a}_image" for a in (*actions, "delete")
        )
        for signal, sender, receiver in (
            (post_save, Section, signals.section_saved),
            (post_save, Article, signals.article_saved),
            (post_save, Image, signals.image_saved),
            (pre_delete, Image, signals.image_deleting),
            (post_delete, Image, signals.image_deleted),
        ):
            signal.connect(
                receiver, sender=sender, dispatch_uid=f"media-library-{receiver.__name__}"
            )
