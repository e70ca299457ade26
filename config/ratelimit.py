"""Requests per client in a fixed window, counted in Django's cache.

``cache.add`` creates the counter only if it is absent and ``cache.incr`` is atomic in the
Redis and local-memory backends, so concurrent requests from one client cannot slip past the
limit together. Use a shared cache (Redis) when several processes serve the site. Each user
(comments, affiliate clicks) has its own ``scope``, so one allowance never spends another's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.cache import cache

from .clientip import client_network

logger = logging.getLogger(__name__)


class LimiterUnavailable(Exception):
    """The cache could not be asked; the caller decides what that means."""


@dataclass(frozen=True)
class RateLimit:
    count: int
    seconds: int


def client_key(ip: str, *, scope: str = "comments") -> str:
    return f"{scope}:rate:{client_network(ip)}"


def over_limit(ip: str, limit: RateLimit, *, scope: str = "comments") -> bool:
    """Count one request from ``ip``; True when that goes over the limit.

    Raises ``LimiterUnavailable`` when the cache is down.
    """
    key = client_key(ip, scope=scope)
    try:
        cache.add(key, 0, timeout=limit.seconds)
        try:
            seen = cache.incr(key)
        except ValueError:  # expired between add and incr: this is a new window
            cache.add(key, 1, timeout=limit.seconds)
            seen = 1
    except Exception as error:
        logger.warning("Rate limit %s unavailable.", scope, exc_info=True)
        raise LimiterUnavailable from error
    return seen > limit.count


def spent(ip: str, *, scope: str) -> int:
    """How many requests ``ip`` has made in the current window (0 if the cache is down)."""
    try:
        return int(cache.get(client_key(ip, scope=scope)) or 0)
    except Exception:
        logger.warning("Rate limit %s unavailable.", scope, exc_info=True)
        return 0
