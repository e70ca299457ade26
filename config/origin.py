"""Cross-site checks for the public POST forms that carry no CSRF cookie (comments, follow by
email), so the pages showing them stay cookie-free and cacheable."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def same_origin(request) -> bool:
    """The browser says this post comes from one of our own pages.

    This replaces the CSRF cookie for the comment form, so article pages set no cookie and
    can be cached (README, "Comments and CSRF"). Browsers send ``Origin`` with every POST
    and ``Sec-Fetch-Site`` with most; a cross-site page cannot forge either. A request with
    neither is not from a browser a third-party page could drive (curl, a bot posting for
    itself), so it is let through to the spam rules; a ``Referer`` must still be ours.
    """
    ours = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in ours
    referer = request.headers.get("Referer")
    if referer and fetch_site is None:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" in ours
    return True
