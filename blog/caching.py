"""Whole-page caching for public pages that must forget a withdrawn article at once.

Pages are cached under a content version that every article or section save or delete bumps
(a signal: decoupled upkeep), so a cached page is never older than the newest edit.
"""

from functools import wraps

from django.core.cache import cache
from django.views.decorators.cache import cache_page

CONTENT_VERSION_KEY = "blog:content-version"


def content_version() -> int:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, 1, timeout=None)
        version = cache.get(CONTENT_VERSION_KEY, 1)
    return version


def bump_content_version(**kwargs) -> None:
    """Receiver for Article/Section post_save and post_delete."""
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # not set yet, or evicted: any new value makes old pages unreachable
        cache.add(CONTENT_VERSION_KEY, 1, timeout=None)


def cache_until_content_changes(timeout: int):
    """Like ``cache_page``, but keyed on the content version as well as the URL."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            prefix = f"blog-content-{content_version()}"
            return cache_page(timeout, key_prefix=prefix)(view)(request, *args, **kwargs)

        return wrapped

    return decorator
