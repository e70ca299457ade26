"""The affiliates app's settings: ``settings.AFFILIATES`` over these defaults.

Read through ``get()`` at call time (never cached at import), so tests and deployments can
override any knob; unknown keys and broken patterns fail at start-up (``check()``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULTS: dict[str, Any] = {
    # User agents whose requests to /go/ are not counted: case-insensitive regular
    # expressions, matched anywhere in the header. Crawlers, link unfurlers, monitors and
    # HTTP libraries; browsers never match.
    "CRAWLER_USER_AGENTS": (
        r"bot", r"crawl", r"spider", r"slurp", r"scrape", r"archiv", r"facebookexternalhit",
        r"facebookcatalog", r"preview", r"fetch", r"validator", r"monitor", r"lighthouse",
        r"headless", r"mediapartners", r"embedly", r"whatsapp", r"skypeuripreview", r"vkshare",
        r"curl/", r"wget/", r"python-requests", r"python-urllib", r"httpx", r"aiohttp",
        r"go-http-client", r"libwww-perl", r"java/", r"okhttp", r"node-fetch", r"axios/",
    ),
    # The link checker (manage.py check_affiliate_links).
    "HEALTH_CHECK_TIMEOUT": 10.0,  # seconds per request
    "HEALTH_CHECK_WORKERS": 4,  # destinations checked at the same time
    "HEALTH_CHECK_MAX_REDIRECTS": 5,
    "HEALTH_CHECK_USER_AGENT": "BroadsheetLinkChecker/1.0 (affiliate link health check)",
    # Let the checker connect to loopback, private and link-local addresses. Off: a
    # destination must not make the server probe its own network. Tests turn it on.
    "HEALTH_CHECK_ALLOW_PRIVATE": False,
    # Days shown in a link's click chart in the admin.
    "CHART_DAYS": 30,
    # One reader (a keyed hash of address and user agent, kept only in the cache) counts
    # at most once per link in this many seconds.
    "CLICK_REPEAT_SECONDS": 30 * 60,
    # Clicks on /go/ per client (address, or IPv6 /64) per window, over all links; past
    # it the redirect is still served but the click is not counted.
    "CLICK_RATE_LIMIT": 20,
    "CLICK_RATE_WINDOW_SECONDS": 60,
}  # fmt: skip


def get(name: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "AFFILIATES", {})}[name]


@lru_cache(maxsize=8)
def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def crawler_pattern() -> re.Pattern[str] | None:
    patterns = tuple(get("CRAWLER_USER_AGENTS"))
    return _compile(patterns) if patterns else None


def check() -> None:
    """Fail at start-up on a misconfiguration rather than on a reader's click."""
    configured = getattr(settings, "AFFILIATES", {})
    unknown = set(configured) - set(DEFAULTS)
    if unknown:
        raise ImproperlyConfigured(f"Unknown AFFILIATES settings: {', '.join(sorted(unknown))}.")
    try:
        crawler_pattern()
    except re.error as error:
        raise ImproperlyConfigured(f"AFFILIATES['CRAWLER_USER_AGENTS']: {error}") from None
    for name in (
        "HEALTH_CHECK_TIMEOUT", "HEALTH_CHECK_WORKERS", "CHART_DAYS", "CLICK_REPEAT_SECONDS",
        "CLICK_RATE_LIMIT", "CLICK_RATE_WINDOW_SECONDS",
    ):  # fmt: skip
        if not get(name) > 0:
            raise ImproperlyConfigured(f"AFFILIATES['{name}'] must be positive.")
    if not isinstance(get("HEALTH_CHECK_ALLOW_PRIVATE"), bool):
        raise ImproperlyConfigured(
            "AFFILIATES['HEALTH_CHECK_ALLOW_PRIVATE'] must be True or False."
        )
    if get("HEALTH_CHECK_MAX_REDIRECTS") < 0:
        raise ImproperlyConfigured("AFFILIATES['HEALTH_CHECK_MAX_REDIRECTS'] must be 0 or more.")
