"""Comments per client IP in a fixed window, counted in Django's cache.

``cache.add`` creates the counter only if it is absent and ``cache.incr`` is atomic in the
Redis and local-memory backends, so concurrent posts from one address cannot slip past the
limit together. Use a shared cache (Redis) when several processes serve the site.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateLimit:
    count: int
    seconds: int


def client_key(ip: str) -> str:
    """IPv6 users get a whole /64 each, so count the network, not one of its addresses."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "comments:rate:unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return f"comments:rate:{address.ipv4_mapped}"
        return f"comments:rate:{ipaddress.ip_network(f'{address}/64', strict=False)}"
    return f"comments:rate:{address}"


def over_limit(ip: str, limit: RateLimit) -> bool:
    """Count one comment from ``ip``; True when that goes over the limit."""
    key = client_key(ip)
    try:
        cache.add(key, 0, timeout=limit.seconds)
        try:
            posted = cache.incr(key)
        except ValueError:  # expired between add and incr: this is a new window
            cache.add(key, 1, timeout=limit.seconds)
            posted = 1
    except Exception:
        # A cache outage must not take commenting down with it; moderation still applies.
        logger.warning(
            "Comment rate limit unavailable; letting the comment through.", exc_info=True
        )
        return False
    return posted > limit.count
