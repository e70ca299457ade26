"""Which pictures each article's text places: derived from the Markdown, kept current on save.

Read by the delete warning (the articles named) and by ``services.refresh_texts_using``
(the texts rendered again when a picture's alt text, caption or credit changes).
"""

from __future__ import annotations

from blog.models import Article
from blog.where_used import sync_text_usage

from .embedding import referenced_ids
from .models import Image, ImageUsage


def sync_image_usage(*, article_id: int, section_id: int | None, markdown: str) -> None:
    """Make the usage rows of one section (or of the lede, ``section_id=None``) match it."""
    numbers = referenced_ids(markdown)
    wanted = (
        set(Image.objects.filter(pk__in=numbers).values_list("pk", flat=True)) if numbers else set()
    )
    sync_text_usage(ImageUsage, "image", wanted, article_id=article_id, section_id=section_id)


def articles_using(images) -> list:
    """The articles whose text places any of ``images`` (one query), by title."""
    usages = ImageUsage.objects.filter(image__in=images).values("article_id")
    return list(Article.objects.filter(pk__in=usages).only("id", "title").order_by("title"))
