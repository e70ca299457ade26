"""Site-owner settings kept as one row: edited in the admin, read from the cache.

Comments' moderation rules and the affiliate disclosure are both such rows; this abstract
model is the one place that knows how they are stored, cached and forgotten.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import models, transaction


class CachedSingleton(models.Model):
    """One row (``pk = SINGLETON_ID``), cached so a page read costs no query when warm.

    ``load()`` returns the row, or ``defaults()`` when it was never saved. Saving or deleting
    forgets the cached copy at once and again after commit, so a reader cannot re-cache the
    old row in between. The cache key carries a digest of the field names, so a deploy that
    adds a field never reads a cached row without it.
    """

    SINGLETON_ID = 1
    CACHE_TIMEOUT = 60 * 60

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)
        self.forget()
        transaction.on_commit(self.forget)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.forget()
        transaction.on_commit(self.forget)
        return result

    @classmethod
    def cache_key(cls) -> str:
        names = ",".join(field.attname for field in cls._meta.concrete_fields)
        digest = hashlib.sha256(names.encode()).hexdigest()[:12]
        return f"singleton:{cls._meta.label_lower}:{digest}"

    @classmethod
    def defaults(cls):
        return cls(pk=cls.SINGLETON_ID)

    @classmethod
    def load(cls):
        """The current settings: from the cache, else the database, else the defaults."""
        values = cache.get(cls.cache_key())
        if values is None:
            row = cls.objects.filter(pk=cls.SINGLETON_ID).first() or cls.defaults()
            values = {field.attname: getattr(row, field.attname) for field in
                      cls._meta.concrete_fields}  # fmt: skip
            cache.set(cls.cache_key(), values, timeout=cls.CACHE_TIMEOUT)
        return cls(**values)

    @classmethod
    def forget(cls) -> None:
        cache.delete(cls.cache_key())
