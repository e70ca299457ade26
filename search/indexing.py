"""Keeping the index in step with the live articles: one function per write, used by the
signal receivers (after commit) and by ``rebuild_search_index``.

Only what the live ``Article`` and ``Section`` rows hold is indexed, and only for articles whose
status is published (a scheduled one is indexed but filtered out at query time until its
moment). An article that stops being published leaves the index.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Prefetch
from django.utils.html import strip_tags

from blog import caching
from blog.models import Article, Section

from .conf import search_language
from .models import SearchEntry

logger = logging.getLogger(__name__)

# The page-cache dependency of whatever shows what the index holds (the search pages): it
# changes when an entry is added, changed or removed, and not when a save leaves it as it was.
INDEX_KEY = "search:index"
MAX_BODY_CHARS = 200_000  # PostgreSQL refuses tsvectors over 1 MB; nobody searches past this
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(fragment: str) -> str:
    """Text from stored (sanitised) HTML: tags dropped, entities decoded, controls removed."""
    return _CONTROL.sub(" ", html.unescape(strip_tags(fragment)))


def indexable_articles():
    """Articles with their sections, as indexing reads them (status, not date: see above)."""
    sections = Section.objects.select_related("kind").only(
        "id", "article_id", "heading", "body_html", "position", "kind__label", "kind__slug"
    )
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .only("id", "title", "dek", "intro_html")
        .prefetch_related(Prefetch("sections", queryset=sections))
    )


def document(article: Article) -> dict:
    sections = list(article.sections.all())
    lead = "\n".join([article.dek, *(section.display_heading for section in sections)])
    body = "\n".join(
        [plain_text(article.intro_html), *(plain_text(section.body_html) for section in sections)]
    )
    return {
        "title": _CONTROL.sub(" ", article.title),
        "lead": _CONTROL.sub(" ", lead),
        "body": body[:MAX_BODY_CHARS],
        "config": search_language(),
    }


def reindex_article(article_id: int) -> bool:
    """Bring one article's entry up to date; True when it is (still) indexed."""
    article = indexable_articles().filter(pk=article_id).first()
    entry = SearchEntry.objects.filter(article_id=article_id)
    if article is None:
        deleted, _ = entry.delete()
        if deleted:
            caching.invalidate(INDEX_KEY)
        return False
    wanted = document(article)
    if entry.values(*wanted).first() != wanted:  # else nothing search reads changed
        SearchEntry.objects.update_or_create(article_id=article_id, defaults=wanted)
        caching.invalidate(INDEX_KEY)
    return True


def rebuild(*, batch_size: int = 500) -> int:
    """Index every published article afresh, in one transaction; returns how many."""
    count = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        batch: list[SearchEntry] = []
        for article in indexable_articles().order_by("pk").iterator(chunk_size=batch_size):
            batch.append(SearchEntry(article_id=article.pk, **document(article)))
            if len(batch) >= batch_size:
                count += _flush(batch)
        count += _flush(batch)
    caching.invalidate(INDEX_KEY)
    return count


def _flush(batch: list[SearchEntry]) -> int:
    SearchEntry.objects.bulk_create(batch)
    written = len(batch)
    batch.clear()
    return written


def article_changed(sender, instance, **kwargs) -> None:
    """Receiver for Article/Section saves and deletes: reindex once the write is committed."""
    article_id = instance.pk if isinstance(instance, Article) else instance.article_id
    if article_id is None or kwargs.get("raw"):
        return
    transaction.on_commit(lambda: _reindex_safely([article_id]), robust=True)


def _reindex_safely(article_ids: Iterable[int]) -> None:
    for article_id in article_ids:
        try:
            reindex_article(article_id)
        except Exception:
            # The article is saved whatever happens here; `rebuild_search_index` mends it.
            logger.exception("Could not update the search index for article %s", article_id)
