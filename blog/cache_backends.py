"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Django's ``RedisCache`` raises on connection errors, so a stopped Redis would turn every page
into a 500. Here reads answer "not cached" and writes are dropped (both logged, at most once
per ``RETRY_AFTER`` seconds per process), and after a failure Redis is not asked again for
``RETRY_AFTER`` seconds, so an outage costs no connection attempt per cache call. Counters
(``incr``/``decr``) still raise: their callers decide (the comment rate limit lets the
comment through and says so in the log).
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 2.0


class CacheUnavailable(RedisError):
    """Redis failed recently; not asked again until the retry time."""


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def _call(self, method: str, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return getattr(super(), method)(*args, **kwargs)
        except RedisError:
            self._failed(method)
            return default

    def _failed(self, method: str) -> None:
        self._down_until = time.monotonic() + RETRY_AFTER
        logger.warning(
            "Cache unavailable (%s at %s); serving without it for %.0f s.",
            method,
            self._servers[0],
            RETRY_AFTER,
            exc_info=True,
        )

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def incr(self, key, delta=1, version=None):
        if time.monotonic() < self._down_until:
            raise CacheUnavailable("cache unavailable")
        try:
            return super().incr(key, delta, version)
        except RedisError:
            self._failed("incr")
            raise
