"""What the article page shows, computed once in Python so templates only display it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from . import caching, extensions, figures
from .images import scaled_height, srcset
from .models import Article, Section
from .related import RelatedReading, related_reading


@dataclass
class RenderedSection:
    section: Section
    anchor: str
    heading: str
    label: str
    own_heading: str
    kind_slug: str
    html: str
    template_names: list[str]
    # Safe HTML that extensions place around the section (e.g. a disclosure, a product box),
    # at its end inside it (e.g. a "Respond to this section" link), and after its entry in
    # the table of contents (e.g. its comment count).
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    toc_extra: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FeaturedImage:
    url: str
    srcset: str
    alt: str
    caption: str
    credit: str
    width: int | None = None
    height: int | None = None


@dataclass
class ArticlePage:
    article: Article
    sections: list[RenderedSection]
    reading_minutes: int
    tags: list
    image: FeaturedImage | None
    lede_html: str = ""
    structured_data: dict = field(default_factory=dict)
    # Editors' dated corrections and updates, oldest first (blog.models.Correction).
    corrections: list = field(default_factory=list)
    # Articles sharing its tags and its neighbours in its primary tag (blog.related).
    related: RelatedReading | None = None
    # Filled by extensions (blog.extensions.article_page_extenders).
    before_body: list[str] = field(default_factory=list)
    after_body: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def toc(self) -> list[tuple[str, str]]:
        return [(section.anchor, section.heading) for section in self.sections]


def unique_anchors(headings: list[str]) -> list[str]:
    """Slugs for ids, made unique on the page ("conclusion", "conclusion-2"…)."""
    seen: dict[str, int] = {}
    anchors = []
    for index, heading in enumerate(headings, start=1):
        base = slugify(heading) or f"section-{index}"
        seen[base] = seen.get(base, 0) + 1
        anchors.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return anchors


def section_headings(sections: list[Section]) -> list[tuple[Section, str, str]]:
    """(section, heading, anchor) for each section, as the article page shows them: the one
    place anchors are made, so other apps can link to a section (``#strategic-implications``)."""
    headings = [section.display_heading for section in sections]
    return list(zip(sections, headings, unique_anchors(headings), strict=True))


def rendered_section(section: Section, heading: str, anchor: str) -> RenderedSection:
    """One section as its ``blocks/<kind>.html`` template shows it (the article page, and
    the editor's preview of a single section)."""
    label, own_heading = section.kind.heading_parts(section.heading)
    return RenderedSection(
        section=section,
        anchor=anchor,
        heading=heading,
        label=label,
        own_heading=own_heading,
        kind_slug=section.kind.slug,
        html=section.body_html,
        template_names=section.template_names,
    )


def featured_image(article: Article) -> FeaturedImage | None:
    """The image as readers get it: WebP renditions only, never the uploaded original."""
    image = card_image(article)
    if image is None:
        return None
    return replace(
        image, caption=article.featured_image_caption, credit=article.featured_image_credit
    )


def card_image(article: Article) -> FeaturedImage | None:
    """The image as a list shows it: no caption or credit, so only the columns that
    ``Article.objects.for_listing()`` selects are read (a deferred one costs a query per card)."""
    renditions = article.image_renditions or {}
    if not article.featured_image or not renditions:
        return None
    widest = max(renditions, key=int)
    return FeaturedImage(
        url=default_storage.url(renditions[widest]),
        srcset=srcset(renditions),
        alt=article.featured_image_alt,
        caption="",
        credit="",
        width=int(widest),
        height=scaled_height(article.featured_image_width, article.featured_image_height, widest),
    )


class LazyArticlePage:
    """The ``ArticlePage``, built only when a template first reads it: the public article
    page takes its parts from kept fragments (``{% fragment %}``), so most requests never
    build it. Every fragment that reads it depends on all it shows (``caching.Recorded``)."""

    def __init__(self, article: Article, request):
        self._page = caching.Recorded(lambda: build_article_page(article, request))

    def __getattr__(self, name: str):
        return getattr(self._page.get(), name)


def build_article_page(article: Article, request) -> ArticlePage:
    """Everything the article template needs; reads what ``Article.objects.for_reading()``
    would have fetched when the article came without it."""
    caching.depends_on(
        caching.article_key(article.pk),
        caching.article_body_key(article.pk),
        caching.author_key(article.author_id),  # the byline
    )
    complete_for_reading(article)
    sections = list(article.sections.all())
    headings = section_headings(sections)
    rendered = [rendered_section(section, heading, anchor) for section, heading, anchor in headings]
    tags = list(article.tags.all())
    caching.depends_on(*(caching.tag_key(tag.pk) for tag in tags))
    image = featured_image(article)
    corrections = list(article.corrections.all()) if article.last_corrected_at else []
    page = ArticlePage(
        article=article,
        sections=rendered,
        reading_minutes=article.reading_minutes(sections),
        tags=tags,
        image=image,
        lede_html=mark_safe(article.intro_html),  # sanitised when the article was saved
        structured_data=structured_data(
            article, [heading for _, heading, _ in headings], tags, image, request
        ),
        corrections=corrections,
        related=related_reading(article, tags),
    )
    if image is None:
        eager_first_picture(page)
    for extend in extensions.article_page_extenders:
        extend(page, request)
    return page


def eager_first_picture(page: ArticlePage) -> None:
    """Pictures in the text load lazily, except the first one of an article without a
    featured image when it is in the lede or (if the lede has none) the first section: that
    one is likely above the fold, so it loads at once, with high priority."""
    if "<img " in page.lede_html:
        page.lede_html = mark_safe(_eager(page.lede_html))
    elif page.sections and "<img " in page.sections[0].html:
        page.sections[0].html = mark_safe(_eager(page.sections[0].html))


def _eager(html: str) -> str:
    start = html.index("<img ")
    end = html.find(">", start)
    tag = html[start:end].replace(figures.LAZY, ' fetchpriority="high"', 1)
    return html[:start] + tag + html[end:]


def complete_for_reading(article: Article) -> None:
    """Give an article fetched as a bare row what ``for_reading()`` adds: its author and the
    extensions' annotations (one query), its tags and its sections with their kinds (one
    each). Nothing is read twice. The public article page fetches the bare row, because most
    requests take its body and thread from their kept fragments and never need the rest."""
    missing = {
        name: expression
        for name, expression in extensions.annotations().items()
        if not hasattr(article, name)
    }
    if missing or not Article.author.is_cached(article):
        full = Article.objects.select_related("author").annotate(**missing).get(pk=article.pk)
        article.author = full.author
        for name in missing:
            setattr(article, name, getattr(full, name))
    prefetch_related_objects(
        [article], "tags", Prefetch("sections", queryset=Article.objects.reading_sections())
    )


def structured_data(article, headings, tags, image, request) -> dict:
    """schema.org NewsArticle for search engines (JSON-LD)."""
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": {"@type": "Person", "name": author_name(article.author)},
        "publisher": {"@type": "Organization", "name": settings.BROADSHEET["SITE_NAME"]},
        "articleSection": headings,
        "keywords": ", ".join(tag.name for tag in tags),
        "dateModified": modified_at(article).isoformat(),
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if image:
        data["image"] = [request.build_absolute_uri(image.url)]
    return data


def modified_at(article):
    """When readers last saw the article change: its last save or its latest correction."""
    return max(filter(None, [article.updated_at, article.last_corrected_at]))


def author_name(user) -> str:
    return user.get_full_name() or user.get_username()


def html_datetime(value) -> str:
    """``value`` as a ``<time datetime>`` value: ISO 8601 to the second, in the site's zone.

    ``isoformat()`` and Django's ``|date:'c'`` keep microseconds, and HTML allows at most
    three digits of a second (the W3C checker reports each such attribute as an error).
    """
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
