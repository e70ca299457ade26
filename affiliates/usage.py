"""Which links each article's text uses: derived from stored HTML, kept current on save.

The link list in the admin names the articles that use each link, and deactivating a link
warns about published articles still using it; both read this table instead of scanning
every section of every article.
"""

from __future__ import annotations

from blog.models import Article, Section
from blog.where_used import sync_text_usage

from . import linking
from .models import AffiliateLink, LinkUsage


def sync_link_usage(*, article_id: int, section_id: int | None, html: str) -> None:
    """Make the usage rows of one section (or of the lede, ``section_id=None``) match ``html``."""
    slugs = linking.linked_slugs(html)
    wanted = (
        set(AffiliateLink.objects.filter(slug__in=slugs).values_list("pk", flat=True))
        if slugs
        else set()
    )
    sync_text_usage(LinkUsage, "link", wanted, article_id=article_id, section_id=section_id)


def refresh_article(article: Article) -> None:
    """After an article is saved: its lede's usage, and links that name an old slug.

    Section HTML is rendered when the section is saved, so after a slug change its links
    still say ``?from=<old slug>``; re-render those sections so clicks stay attributed.
    """
    sync_link_usage(article_id=article.pk, section_id=None, html=article.intro_html)
    linking_sections = LinkUsage.objects.filter(
        article_id=article.pk, section__isnull=False
    ).values("section_id")
    stale = (
        Section.objects.filter(pk__in=linking_sections, body_html__contains="?from=")
        .exclude(body_html__contains=f'?from={article.slug}"')
        .select_related("kind")
    )
    for section in stale:
        section.article = article
        section.save(update_fields=["body_html", "word_count"])
