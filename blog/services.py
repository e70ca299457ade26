"""Multi-step writes on articles, shared by the admin, commands and the importer."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Article, Section

# Kinds created by migration 0002; code and the importer may rely on these slugs.
BUILT_IN_KIND_SLUGS = frozenset(
    {"section", "deep-dive", "prophetic-context", "strategic-implications", "conclusion"}
)


def publish_article(*, article: Article, when=None) -> bool:
    """Publish now (or at ``when``); returns False if it was already published."""
    if article.status == Article.Status.PUBLISHED and article.published_at:
        return False
    article.status = Article.Status.PUBLISHED
    article.published_at = when or article.published_at or timezone.now()
    article.full_clean()
    article.save()
    return True


@transaction.atomic
def renumber_sections(article: Article) -> None:
    """Positions 1…n in reading order, so gaps and ties left by editing disappear."""
    sections = list(article.sections.order_by("position", "id").only("id", "position"))
    changed = []
    for number, section in enumerate(sections, start=1):
        if section.position != number:
            section.position = number
            changed.append(section)
    Section.objects.bulk_update(changed, ["position"])
