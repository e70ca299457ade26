"""Decoupled upkeep (connected in ``apps.ready``): the where-used index mirrors the texts,
and texts using a picture are rendered again when it changes or goes."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import transaction

from blog.images import delete_renditions

from . import services, usage


def section_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        usage.sync_image_usage(
            article_id=instance.article_id, section_id=instance.pk, markdown=instance.body
        )


def article_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        usage.sync_image_usage(article_id=instance.pk, section_id=None, markdown=instance.intro)


def image_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if not raw and not created and not getattr(instance, "renditions_pending", False):
        services.refresh_texts_using(instance.pk)


def image_deleting(sender, instance, **kwargs) -> None:
    # The usage rows go with the picture: remember whose texts showed it.
    instance._texts_using = services.texts_using(instance.pk)


def image_deleted(sender, instance, **kwargs) -> None:
    section_ids, lede_article_ids = getattr(instance, "_texts_using", ([], []))
    # Rendered again without the picture (the renderer leaves out one it cannot find).
    services.refresh_texts(section_ids=section_ids, lede_article_ids=lede_article_ids)
    names = [instance.file.name] if instance.file else []
    renditions = dict(instance.renditions or {})

    def delete_files() -> None:
        delete_renditions(renditions)
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
