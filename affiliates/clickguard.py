"""Which of a reader's browser clicks on /go/ count: one per link per reader per window.

A reader is a keyed hash of the client address (``config.clientip``: proxies trusted only
when declared) and the user agent. The key is derived from ``SECRET_KEY`` and today's date,
so it rotates daily and yesterday's hashes cannot be linked to today's; the hash lives only
in Django's cache with an expiry, never in the database or a log. Each client also has a
rate limit over all links. Whatever is decided here, the redirect is served: the verdict
only says whether the click is counted, or why not.
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from config import ratelimit
from config.clientip import client_ip

from . import conf
from .models import DiscardedClicks

logger = logging.getLogger(__name__)
Reason = DiscardedClicks.Reason
KEY_SALT = "affiliates.clickguard.reader"
RATE_SCOPE = "affiliates-go"


def reader_key(request: HttpRequest, *, link_id: int, day: date) -> str:
    """The cache key for this reader and link today; nothing in it can be read back."""
    reader = "\n".join(
        (client_ip(request), request.headers.get("User-Agent", "")[:500], str(link_id))
    )
    digest = salted_hmac(f"{KEY_SALT}:{day.isoformat()}", reader, algorithm="sha256")
    return f"affiliates:seen:{digest.hexdigest()}"


def verdict(request: HttpRequest, *, link_id: int, day: date) -> Reason | None:
    """None when the click counts; otherwise why it is discarded.

    A cache that cannot be asked discards the click as unverified (a forged flood must not
    be counted because Redis is down), and never breaks the redirect.
    """
    limit = ratelimit.RateLimit(conf.get("CLICK_RATE_LIMIT"), conf.get("CLICK_RATE_WINDOW_SECONDS"))
    try:
        first = cache.add(
            reader_key(request, link_id=link_id, day=day),
            1,
            timeout=conf.get("CLICK_REPEAT_SECONDS"),
        )
    except Exception:
        logger.warning("Click de-duplication unavailable; not counting.", exc_info=True)
        return Reason.UNVERIFIED
    if not first:
        return Reason.REPEAT
    # Only would-be counted clicks spend the allowance: the limit bounds how many "new
    # readers" one address can be (a new User-Agent per request) in a window.
    try:
        limited = ratelimit.over_limit(client_ip(request), limit, scope=RATE_SCOPE)
    except ratelimit.LimiterUnavailable:
        return Reason.UNVERIFIED
    return Reason.RATE_LIMIT if limited else None
