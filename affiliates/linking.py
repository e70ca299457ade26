"""``[text](aff:slug)`` in Markdown, and finding affiliate links again in stored HTML.

Authors write ``[text](aff:slug)`` for a link and ``[Product name](aff:slug#box)`` alone in
a paragraph for a product box. Both are resolved once, when the text is saved, into an
ordinary sponsored link to ``/go/<slug>/?from=<article>``; the page later swaps a box
paragraph for the product box, and feeds (which cannot) show the plain sponsored link.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from django.urls import reverse

from blog.markup import ResolvedLink, UnresolvedLink

from .models import AffiliateLink, go_url

SCHEME = "aff"
BOX_FRAGMENT = "box"
LINK_REL = "sponsored nofollow noopener"
LINK_CLASS = "affiliate-link"
EMBED_CLASS = "affiliate-embed"

_TARGET = re.compile(r"(?P<slug>[-a-zA-Z0-9_]{1,100})/?(?:#(?P<fragment>[a-z]+))?")
_SLUG = r"[-a-zA-Z0-9_]+"


def resolve(target: str, kind: str, context: Mapping[str, Any]) -> ResolvedLink:
    """The link-scheme resolver registered for ``aff:`` (see blog.markup)."""
    if "article_slug" not in context:
        # Articles' ledes and sections pass their slug; comments and other texts don't, and
        # may not link through /go/ (their text is shown as it is).
        raise UnresolvedLink("Affiliate links can only be used in articles.")
    if kind != "link":
        raise UnresolvedLink(
            f"“aff:{target}” cannot be an image. For a product box write "
            f"[Product name](aff:{target.split('#')[0]}#box) on a line of its own."
        )
    match = _TARGET.fullmatch(target)
    if match is None or match["fragment"] not in (None, BOX_FRAGMENT):
        raise UnresolvedLink(
            f"“aff:{target}” is not an affiliate link: write aff: and the link's slug, "
            "e.g. [the kettle](aff:acme-kettle), or aff:acme-kettle#box for a product box."
        )
    slug = match["slug"]
    if not AffiliateLink.objects.filter(slug=slug).exists():
        raise UnresolvedLink(
            f"There is no affiliate link with the slug “{slug}”. Check the spelling, or add "
            "the link under Affiliate links first."
        )
    css_class = LINK_CLASS if match["fragment"] is None else f"{LINK_CLASS} {EMBED_CLASS}"
    return ResolvedLink(
        href=go_url(slug, str(context.get("article_slug") or "")), rel=LINK_REL, css_class=css_class
    )


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    prefix, suffix = reverse("affiliates:go", kwargs={"slug": "SLUG"}).split("SLUG")
    href = rf'href="{re.escape(prefix)}(?P<slug>{_SLUG}){re.escape(suffix)}[^"]*"'
    return {
        # Any link to the redirect, whatever its class (raw HTML included).
        "href": re.compile(href),
        "affiliate": re.compile(rf'\bclass="[^"]*\b{LINK_CLASS}\b|{href}'),
        # A paragraph holding nothing but an aff:slug#box link; attributes in any order.
        "embed": re.compile(
            rf'<p>\s*<a\s(?=[^>]*\bclass="[^"]*\b{EMBED_CLASS}\b)(?=[^>]*{href})[^>]*>'
            r"(?:(?!</a>).)*</a>\s*</p>",
            re.DOTALL,
        ),
    }


def has_affiliate_links(html: str) -> bool:
    return bool(html) and _patterns()["affiliate"].search(html) is not None


def linked_slugs(html: str) -> list[str]:
    """Slugs of every link to the redirect in ``html``, first appearance first."""
    return list(dict.fromkeys(match["slug"] for match in _patterns()["href"].finditer(html or "")))


def embedded_slugs(html: str) -> list[str]:
    return [match["slug"] for match in _patterns()["embed"].finditer(html or "")]


def replace_embeds(html: str, boxes: Mapping[str, str]) -> str:
    """``html`` with each box paragraph whose slug is in ``boxes`` replaced by that box."""
    if not boxes:
        return html
    return _patterns()["embed"].sub(lambda match: boxes.get(match["slug"], match[0]), html)
