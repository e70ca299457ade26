"""Search settings: the site language, which decides stemming on either database."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PER_PAGE = 10
MAX_PAGES = 10  # bounded pagination: the 100 best matches, then "refine your search"
MAX_TERMS = 12
# Matches ranked at most (newest first), for every word in the title and anywhere: see query.
CANDIDATES = 2000
MAX_TERM_LENGTH = 60
MAX_QUERY_LENGTH = 300
# Seconds a search page may stay in the page cache (a change refreshes it sooner). Any words
# make a page, so the cache holds the searches of the last few minutes, not of the hour
# other pages may stay (PAGE_CACHE["TIMEOUT"]).
CACHE_SECONDS = 300

_LANGUAGE = re.compile(r"^[a-z_]{2,40}$")


def search_language() -> str:
    """PostgreSQL's text search configuration name ("english", "german", "simple"…)."""
    language = getattr(settings, "SEARCH_LANGUAGE", "english")
    if not isinstance(language, str) or not _LANGUAGE.match(language):
        raise ImproperlyConfigured(
            f"SEARCH_LANGUAGE must be a text search configuration name such as “english”, "
            f"not {language!r}."
        )
    return language


def sqlite_tokenizer() -> str:
    """FTS5's tokenizer: the Porter stemmer is English-only, so other languages go without."""
    base = "unicode61 remove_diacritics 2"
    return f"porter {base}" if search_language() == "english" else base
