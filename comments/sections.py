"""Comments that answer one section of an article ("I disagree with your Strategic Implications").

A comment may record the section it answers (``Comment.section``). This module is what the
article page shows of that, through blog's extension points (``blog.extensions``), so blog
never imports comments:

* under each section, "Respond to this section": ``?respondto=<section id>#respond``, the
  article page with the comment form set to answer that section (no JavaScript needed;
  ``static/js/comments.js`` does the same in place);
* in the table of contents, each section's count of approved comments, from the sections'
  own query (``section_annotations``), linked to the thread filtered to that section
  (``?section=<section id>#comments-heading``);
* in the thread, "on Strategic Implications" on each comment that answers a section, linked
  to the section (``comments.presentation``).

Every value here comes from the article's own sections, never from request data: a section
id in a URL or a form only ever selects one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from blog import caching
from blog.pagination import whole_number
from blog.presentation import section_headings

from .models import RULES_DEPENDENCY, ModerationSettings

# Query parameters of the article page (blog/urls.py lets the page cache store the filter).
FILTER_PARAMETER = "section"
RESPOND_PARAMETER = "respondto"

# The links' names leave the heading out (their section, their entry in the list, says
# which): a link named "Strategic Implications" is the section's, in the table of contents.
RESPOND_HTML = (
    '<p class="section-respond"><a class="section-respond-link" href="{url}" rel="nofollow" '
    'data-respond-section="{pk}" data-section-heading="{heading}">Respond to this section</a></p>'
)
TOC_COUNT_HTML = '<a class="toc-comments" href="{url}">{count} comment{plural}</a>'


@dataclass(frozen=True)
class SectionPlace:
    """A section as the article page shows it: its heading and its anchor there."""

    pk: int
    heading: str
    anchor: str
    article_url: str

    @property
    def respond_url(self) -> str:
        return f"{self.article_url}?{RESPOND_PARAMETER}={self.pk}#respond"

    @property
    def filter_url(self) -> str:
        return f"{self.article_url}?{FILTER_PARAMETER}={self.pk}#comments-heading"


def places(article, sections=None) -> dict[int, SectionPlace]:
    """The article's sections by id, as its page shows them; no query after
    ``Article.objects.for_reading()`` (else pass ``sections`` with their kinds)."""
    url = article.get_absolute_url()
    sections = list(article.sections.all() if sections is None else sections)
    return {
        section.pk: SectionPlace(pk=section.pk, heading=heading, anchor=anchor, article_url=url)
        for section, heading, anchor in section_headings(sections)
    }


def chosen(raw, article_places: dict[int, SectionPlace]) -> SectionPlace | None:
    """The section a parameter or form field names, if it is one of this article's."""
    pk = whole_number(str(raw or ""))
    return article_places.get(pk) if pk is not None else None


def extend_article_page(page, request) -> None:
    """Each section's "Respond to this section" link (while comments are open) and its count
    of approved comments in the table of contents (``comment_count``, annotated)."""
    article = page.article
    rules = ModerationSettings.load()
    caching.depends_on(RULES_DEPENDENCY)
    is_open = article.is_public and rules.comments_open(article)
    if article.is_public:
        caching.valid_until(rules.closes_at(article))  # the links go when comments close
    url = article.get_absolute_url()
    for rendered in page.sections:
        place = SectionPlace(
            pk=rendered.section.pk, heading=rendered.heading, anchor=rendered.anchor,
            article_url=url,
        )  # fmt: skip
        heading = escape(place.heading)
        count = getattr(rendered.section, "comment_count", 0)
        if count:
            rendered.toc_extra.append(toc_count_html(place, count))
        if is_open:
            rendered.footer.append(
                mark_safe(
                    RESPOND_HTML.format(url=escape(place.respond_url), pk=place.pk, heading=heading)
                )
            )


def toc_count_html(place: SectionPlace, count: int) -> SafeString:
    return mark_safe(
        TOC_COUNT_HTML.format(
            url=escape(place.filter_url),
            count=count,
            plural="" if count == 1 else "s",
        )
    )
