"""What affiliates add to article pages and feeds: product boxes and the disclosure.

Registered with ``blog.extensions`` in ``apps.ready``. An article page costs one query here
(its product boxes, and the links its text embeds as boxes, together) plus the disclosure
settings, which come from the cache when it is warm; nothing is fetched per section or per
link, and no query reads the whole links table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.files.storage import default_storage
from django.db.models import F, PositiveSmallIntegerField, QuerySet, Value
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from blog import caching
from blog.images import scaled_height, srcset

from . import linking
from .models import AffiliateLink, DisclosureSettings, go_url

LINK_REL = linking.LINK_REL
# Page-cache dependencies (blog/caching.py); affiliates/signals.py refreshes them.
DISCLOSURE = "disclosure"
DISCLOSURE_ANYWHERE = "disclosure:always-show"


@dataclass(frozen=True)
class ProductBox:
    """What the product box template shows; built from a link, never from request data."""

    name: str
    merchant: str
    pitch: str
    image_url: str
    image_srcset: str
    image_alt: str
    image_width: int | None
    image_height: int | None
    href: str
    rel: str
    button_label: str
    price_text: str = ""  # shown only with the day it was seen
    price_as_of: date | None = None

    @classmethod
    def for_link(cls, link: AffiliateLink, *, article_slug: str) -> ProductBox:
        # WebP renditions only: the uploaded original is never shown to readers.
        renditions = link.image_renditions if link.image else {}
        narrowest = min(renditions, key=int, default=None)
        has_price = bool(link.price_text and link.price_checked_on)
        return cls(
            name=link.name,
            merchant=shown_merchant(link.name, link.merchant),
            pitch=link.pitch,
            image_url=default_storage.url(renditions[narrowest]) if narrowest else "",
            image_srcset=srcset(renditions),
            image_alt=link.image_alt,
            image_width=int(narrowest) if narrowest else None,
            image_height=scaled_height(link.image_width, link.image_height, narrowest)
            if narrowest
            else None,
            href=go_url(link.slug, article_slug),
            rel=LINK_REL,
            button_label=link.display_button_label,
            price_text=link.price_text if has_price else "",
            price_as_of=link.price_checked_on if has_price else None,
        )


def shown_merchant(name: str, merchant: str) -> str:
    """The merchant, unless it only repeats the product's name ("Essante Organics" twice)."""
    return (
        ""
        if " ".join(merchant.split()).casefold() == " ".join(name.split()).casefold()
        else merchant
    )


def render_box(box: ProductBox) -> SafeString:
    return mark_safe(get_template("affiliates/product_box.html").render({"box": box}))


def render_disclosure(settings: DisclosureSettings, *, where: str) -> SafeString:
    """The disclosure element; ``where`` ("top", "inline", "end", "feed") names a modifier."""
    template = get_template("affiliates/disclosure.html")
    return mark_safe(  # autoescaped template; text_html is sanitised
        template.render({"title": settings.title, "html": settings.text_html, "where": where})
    )


LINK_FIELDS = (
    "id", "name", "slug", "merchant", "pitch", "button_label", "image", "image_alt",
    "image_width", "image_height", "image_renditions", "price_text", "price_checked_on",
)  # fmt: skip


def links_for_article(article, embedded_slugs: set[str]) -> QuerySet[AffiliateLink]:
    """Active links placed as boxes in ``article`` or embedded in its text, as one query.

    Each half starts from an index, never from the links table: the boxes from the article's
    rows in the boxes table (then each link by primary key), and — only when the text embeds
    boxes — the other embedded links by their unique slug. Each link comes once; those
    placed as boxes carry ``box_id``, ``box_position`` and ``box_after``.
    """
    active_links = AffiliateLink.objects.active().only(*LINK_FIELDS).order_by()
    boxes = active_links.filter(placements__article=article).annotate(
        box_id=F("placements__id"),
        box_position=F("placements__position"),
        box_after=F("placements__after_section"),
    )
    if not embedded_slugs:
        return boxes
    no_box = Value(None, output_field=PositiveSmallIntegerField())
    embedded = (
        active_links.filter(slug__in=embedded_slugs)
        .exclude(placements__article=article)
        .annotate(box_id=no_box, box_position=no_box, box_after=no_box)
    )
    return boxes.union(embedded, all=True)


def extend_article_page(page, request) -> None:
    """Swap box paragraphs for boxes, place attached boxes, then place the disclosure."""
    article = page.article
    embedded = {slug for section in page.sections for slug in linking.embedded_slugs(section.html)}
    links = list(links_for_article(article, embedded))

    boxes = {
        link.slug: render_box(ProductBox.for_link(link, article_slug=article.slug))
        for link in links
    }
    if embedded:
        for section in page.sections:
            section.html = mark_safe(linking.replace_embeds(section.html, boxes))

    placed = sorted(
        (link for link in links if link.box_id), key=lambda link: (link.box_position, link.box_id)
    )
    boxes_after: dict[int, list[SafeString]] = {}
    at_end: list[SafeString] = []
    for link in placed:
        number = link.box_after
        if number and 1 <= number <= len(page.sections):
            boxes_after.setdefault(number - 1, []).append(boxes[link.slug])
        else:
            at_end.append(boxes[link.slug])
    for index, html in boxes_after.items():
        page.sections[index].after.extend(html)
    end_boxes_start = len(page.after_body) if at_end else None
    page.after_body.extend(at_end)

    place_disclosure(page, boxes_after=boxes_after, end_boxes_start=end_boxes_start)


def place_disclosure(page, *, boxes_after: dict[int, list], end_boxes_start: int | None) -> None:
    """Before the first affiliate link or box (or at the top), and optionally at the end.

    The first link is found in the stored HTML of the lede and sections (boxes embedded in
    a section count as links there), then boxes after a section, then boxes at the end.
    """
    settings = DisclosureSettings.load()
    caching.depends_on(DISCLOSURE_ANYWHERE)
    first = _first_affiliate_spot(page, boxes_after=boxes_after, end_boxes_start=end_boxes_start)
    if first is None and not settings.always_show:
        return
    caching.depends_on(DISCLOSURE)

    if settings.placement == DisclosureSettings.Placement.TOP:
        page.before_body.insert(0, render_disclosure(settings, where="top"))
        shown_at_end = False
    elif first is None:
        # "Always show" on an article without links: nothing to precede, so it closes it.
        page.after_body.append(render_disclosure(settings, where="end"))
        shown_at_end = True
    else:
        container, index = first
        container.insert(index, render_disclosure(settings, where="inline"))
        shown_at_end = container is page.after_body
    if settings.repeat_at_end and not shown_at_end:
        page.after_body.append(render_disclosure(settings, where="end"))


def _first_affiliate_spot(page, *, boxes_after, end_boxes_start) -> tuple[list, int] | None:
    """(list, index) where the disclosure goes to precede the first link or box."""
    if linking.has_affiliate_links(page.article.intro_html):
        return page.before_body, len(page.before_body)  # just before the lede
    for index, section in enumerate(page.sections):
        if linking.has_affiliate_links(section.html):
            return section.before, 0
        if index in boxes_after:
            return section.after, len(section.after) - len(boxes_after[index])
    if end_boxes_start is not None:
        return page.after_body, end_boxes_start
    return None


def extend_feed_item(article, sections) -> tuple[str, str]:
    """The disclosure before (and, if set, after) feed content that has affiliate links.

    Feeds show the text but not product boxes, so only links in the text count here, and
    the settings are read only for such articles: a feed of articles without affiliate
    links costs no query.
    """
    texts = [article.intro_html, *(section.body_html for section in sections)]
    if not any(linking.has_affiliate_links(html) for html in texts):
        return "", ""
    settings = DisclosureSettings.load()
    caching.depends_on(DISCLOSURE)
    disclosure = render_disclosure(settings, where="feed")
    return disclosure, disclosure if settings.repeat_at_end else ""
