"""Decoupled upkeep of data derived from blog's models (connected in ``apps.ready``).

Nothing here is part of the main flow: usage rows mirror the stored HTML, and a deleted
article's clicks are kept as "unknown source" clicks so link totals never shrink.
"""

from __future__ import annotations

from . import services, usage


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
