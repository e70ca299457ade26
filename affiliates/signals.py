"""Decoupled upkeep of data derived from blog's models (connected in ``apps.ready``).

Nothing here is part of the main flow: usage rows mirror the stored HTML, and a deleted
article's clicks are kept as "unknown source" clicks so link totals never shrink.
"""

from __future__ import annotations

from blog import caching

from . import services, usage
from .models import DisclosureSettings
from .presentation import DISCLOSURE, DISCLOSURE_ANYWHERE


def section_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        usage.sync_link_usage(
            article_id=instance.article_id, section_id=instance.pk, html=instance.body_html
        )


def article_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        usage.refresh_article(instance)


def article_deleting(sender, instance, **kwargs) -> None:
    services.fold_clicks_into_unknown_source(article_id=instance.pk)


def link_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        services.refresh_pages_using([instance.pk])


def box_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        caching.invalidate(caching.article_body_key(instance.article_id))


def disclosure_saving(sender, instance, raw=False, **kwargs) -> None:
    before = DisclosureSettings.objects.filter(pk=instance.pk).values_list("always_show")
    instance._always_show_before = next(iter(before), (False,))[0]


def disclosure_changed(sender, instance, raw=False, **kwargs) -> None:
    """Pages showing the disclosure; all article pages if "always show" was switched."""
    if raw:
        return
    keys = [DISCLOSURE]
    if getattr(instance, "_always_show_before", None) != instance.always_show:
        keys.append(DISCLOSURE_ANYWHERE)
    caching.invalidate(*keys)
