"""Cache helpers for tests that share a Redis server with other runs."""

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError

from blog import caching


def clear_cache() -> None:
    """Empty this run's caches; on Redis only this run's keys, never the whole database."""
    for alias in ("default", "pages"):
        cache = caches[alias]
        if isinstance(cache, RedisCache):
            client = cache._cache.get_client(write=True)
            try:
                keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
            except RedisConnectionError:
                continue  # a test pointing the cache at a dead server: nothing to clear
            if keys:
                client.delete(*keys)
        else:
            cache.clear()
    caching.forget_local_state()  # what this process kept of the caches just emptied


class UnreachableCache(BaseCache):
    """A cache server that is down: every read and write fails as a network error would."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    add = get = set = touch = delete = incr = get_many = set_many = delete_many = _down
    has_key = _down

    def clear(self):  # the test harness empties the cache after each test
        pass


UNREACHABLE_CACHES = {
    alias: {"BACKEND": "tests.caching.UnreachableCache"} for alias in ("default", "pages")
}
