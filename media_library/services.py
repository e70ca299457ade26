"""Keeping stored article HTML true to the library.

Sections and ledes are rendered once, when saved, so a figure's alt text, caption, credit and
renditions are copied into their HTML. When a picture changes (or is deleted), the texts that
use it — found through the where-used index, never by scanning articles — are rendered again
from their unchanged Markdown. That is upkeep, not an edit: the articles' own save time (the
version the edit-conflict check compares) does not move, and the page cache forgets exactly
those articles' pages (blog's section receiver; the lede's keys here).
"""

from __future__ import annotations

from blog import caching, invalidation
from blog.markup import render_markdown
from blog.models import Article, Section, count_words

from .models import ImageUsage


def texts_using(image_id: int) -> tuple[list[int], list[int]]:
    """(section ids, article ids whose lede) that place the picture."""
    rows = ImageUsage.objects.filter(image_id=image_id).values_list("section_id", "article_id")
    rows = list(rows)
    sections = [section for section, _ in rows if section is not None]
    ledes = [article for section, article in rows if section is None]
    return sections, ledes


def refresh_texts(*, section_ids: list[int], lede_article_ids: list[int]) -> None:
    """Render these sections and ledes again from their Markdown and store the HTML."""
    for section in Section.objects.filter(pk__in=section_ids).select_related("article", "kind"):
        section.save(update_fields=["body_html", "word_count"])
    for article in Article.objects.filter(pk__in=lede_article_ids).only("id", "slug", "intro"):
        html = render_markdown(article.intro, context=article.markup_context())
        Article.objects.filter(pk=article.pk).update(
            intro_html=html, intro_word_count=count_words(html)
        )
        caching.invalidate(*invalidation.article_keys(article.pk))


def refresh_texts_using(image_id: int) -> None:
    section_ids, lede_article_ids = texts_using(image_id)
    refresh_texts(section_ids=section_ids, lede_article_ids=lede_article_ids)
