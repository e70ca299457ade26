"""Commenters' names: invisible and direction-changing characters out, staff names reserved.

A bidi override (U+202E) in a name reverses the text after it on the page (the date beside
it, say); zero-width characters make "Miriam\u200bHale" look like a staff member's name while
comparing unequal. Both are removed when the name is cleaned, and a name that reads as a
staff member's display name or username, ignoring case, spacing and compatibility forms
(NFKC), is refused.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

# Bidi embeddings/overrides/isolates and marks, Arabic letter mark; zero-width characters.
INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]")
RESERVED_MESSAGE = (
    "“%(name)s” is the name of a member of our newsroom. Please comment under your own name."
)


def strip_invisible(name: str) -> str:
    """The name without bidi controls and zero-width characters, spacing tidied."""
    return " ".join(INVISIBLE.sub("", name).split())


def name_key(name: str) -> str:
    """What "the same name" means: NFKC, case-folded, without any spacing or invisibles."""
    folded = unicodedata.normalize("NFKC", strip_invisible(name)).casefold()
    return "".join(folded.split())


def reserved_name_keys() -> set[str]:
    """Staff display names ("First Last", first name + last name) and usernames (one query)."""
    keys: set[str] = set()
    staff = get_user_model().objects.filter(is_staff=True)
    for username, first, last in staff.values_list("username", "first_name", "last_name"):
        for name in (username, f"{first} {last}"):
            key = name_key(name)
            if key:
                keys.add(key)
    return keys


def check_not_reserved(name: str) -> None:
    if name_key(name) in reserved_name_keys():
        raise ValidationError(RESERVED_MESSAGE, code="reserved_name", params={"name": name})
