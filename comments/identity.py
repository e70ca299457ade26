"""The commenter cookie: what ties a reader's later comments to their earlier approved ones.

An email address alone proves nothing (anyone can type anyone's). A successful post sets a
signed, HttpOnly, SameSite=Lax cookie holding a random commenter key, and the comment stores
that key (indexed). An address counts as known — its comments skip the first-time hold — only
when an approved comment has both the same email and the same key, i.e. came from this
browser. Reusable: the ``readers`` features use the same key to recognise a reader's own
comments (e.g. to show them their comment awaiting moderation).
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE_NAME = "commenter"
SALT = "comments.identity.commenter"
MAX_AGE = 2 * 365 * 24 * 60 * 60  # two years, renewed with each comment
KEY_LENGTH = 43  # secrets.token_urlsafe(32)
_KEY = re.compile(rf"[A-Za-z0-9_-]{{{KEY_LENGTH}}}")


def commenter_key(request: HttpRequest) -> str:
    """The key this browser's cookie holds, or "" when it has none (or a forged one)."""
    try:
        value = request.get_signed_cookie(COOKIE_NAME, default="", salt=SALT, max_age=MAX_AGE)
    except Exception:  # a cookie that is not ours at all
        return ""
    return value if _KEY.fullmatch(value or "") else ""


def new_key() -> str:
    return secrets.token_urlsafe(32)


def key_for_post(request: HttpRequest) -> str:
    """The key a new comment from this browser is stored with: its own, or a new one."""
    return commenter_key(request) or new_key()


def set_reader_cookie(
    response: HttpResponse, name: str, value: str, *, salt: str, max_age: int
) -> HttpResponse:
    """A signed cookie of the reader's own: HttpOnly, SameSite=Lax (never sent with a
    cross-site POST), secure over HTTPS. The one place these flags are decided."""
    response.set_signed_cookie(
        name,
        value,
        salt=salt,
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def remember(response: HttpResponse, key: str) -> HttpResponse:
    """Set (or renew) the commenter cookie on the response to a successful post."""
    return set_reader_cookie(response, COOKIE_NAME, key, salt=SALT, max_age=MAX_AGE)
