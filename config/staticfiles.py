"""Static files: always collected hashed and compressed; served before collection too.

``collectstatic`` writes every file under a content-hashed name plus ``.gz`` and ``.br``
copies (WhiteNoise compresses with Brotli when the ``brotli`` package is installed) and the
manifest, whatever state ``STATIC_ROOT`` is in. Until it has run (a fresh checkout, ``make
run``, tests) the manifest is empty, so URLs fall back to the plain names and WhiteNoise
serves the files from the source folders (``WHITENOISE_USE_FINDERS``).
"""

from __future__ import annotations

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # ``{% static %}`` asks for the same few names on every page; each answer costs a
        # manifest lookup and a URL join. The manifest changes only when collectstatic
        # writes it (``save_manifest``), and a changed STATIC_URL makes a new storage.
        self._urls: dict[tuple[str, bool, bool], str] = {}

    def url(self, name, force=False):
        key = (name, force, settings.DEBUG)
        found = self._urls.get(key)
        if found is None:
            found = self._urls[key] = super().url(name, force)
        return found

    def save_manifest(self):
        self._urls.clear()
        super().save_manifest()

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # not collected yet: the source file, unhashed
            return name
        return super().stored_name(name)
