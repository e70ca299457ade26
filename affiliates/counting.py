"""Which requests to /go/ are a reader's click, and which article they came from.

Only request headers are read, and nothing of them is stored.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import Resolver404, resolve

from . import conf

# Browsers announce speculative loads; none of them is a reader choosing the link.
_SPECULATIVE_HEADERS = ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
_SPECULATIVE_VALUES = ("prefetch", "prerender", "preview")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
ARTICLE_VIEW = "blog:article"


def is_countable(request: HttpRequest) -> bool:
    """A GET from something that is neither a prefetch nor a known crawler."""
    if request.method != "GET":
        return False  # HEAD: link checkers and unfurlers
    for header in _SPECULATIVE_HEADERS:
        value = request.headers.get(header, "").lower()
        if any(word in value for word in _SPECULATIVE_VALUES):
            return False
    user_agent = request.headers.get("User-Agent", "").strip()
    if not user_agent:
        return False  # every browser sends one
    crawlers = conf.crawler_pattern()
    return crawlers is None or crawlers.search(user_agent) is None


def source_article_slug(request: HttpRequest) -> str:
    """The slug the click claims to come from: ``?from=``, else a same-site Referer.

    Only a candidate: the view accepts it only if it names a published article.
    """
    claimed = request.GET.get("from", "")
    if claimed:
        return claimed if _SLUG.fullmatch(claimed) else ""
    return _article_slug_from_referer(request)


def referer_is_this_site(request: HttpRequest) -> bool:
    """No Referer (privacy settings drop it), or one from this site's own host."""
    referer = request.headers.get("Referer", "")
    if not referer:
        return True
    try:
        parts = urlsplit(referer)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() == request.get_host().lower()


def _article_slug_from_referer(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    try:
        parts = urlsplit(referer)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != request.get_host().lower():
        return ""
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ""
    slug = match.kwargs.get("slug", "") if match.view_name == ARTICLE_VIEW else ""
    return slug if _SLUG.fullmatch(slug) else ""
