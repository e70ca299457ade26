"""Where-used indexes: which texts of an article (a section, or the lede) name which objects.

Apps that let text refer to their objects (affiliate links, pictures) keep a table with
``article``, ``section`` (empty for the lede) and a foreign key to the object; this keeps
one text's rows equal to what the text names now.
"""

from __future__ import annotations

from django.db import models


def sync_text_usage(
    usage_model: type[models.Model],
    target: str,
    wanted: set[int],
    *,
    article_id: int,
    section_id: int | None,
) -> None:
    """Make the ``usage_model`` rows of one text name exactly the ``target`` ids in ``wanted``."""
    column = f"{target}_id"
    rows = usage_model.objects.filter(article_id=article_id, section_id=section_id)
    existing = set(rows.values_list(column, flat=True))
    if existing - wanted:
        rows.filter(**{f"{column}__in": existing - wanted}).delete()
    if wanted - existing:
        usage_model.objects.bulk_create(
            [
                usage_model(**{column: pk}, article_id=article_id, section_id=section_id)
                for pk in wanted - existing
            ],
            ignore_conflicts=True,  # a concurrent save of the same text already added it
        )
