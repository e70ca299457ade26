"""Static files: always collected hashed and compressed; served before collection too.

``collectstatic`` writes every file under a content-hashed name plus ``.gz`` and ``.br``
copies (WhiteNoise compresses with Brotli when the ``brotli`` package is installed) and the
manifest, whatever state ``STATIC_ROOT`` is in. Until it has run (a fresh checkout, ``make
run``, tests) the manifest is empty, so URLs fall back to the plain names and WhiteNoise
serves the files from the source folders (``WHITENOISE_USE_FINDERS``).
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # not collected yet: the source file, unhashed
            return name
        return super().stored_name(name)
