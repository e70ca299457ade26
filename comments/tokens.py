"""Signed tokens: the comment form's timestamp-and-nonce, and reply unsubscribe links.

The form token is issued with the page. It says which article the form belongs to, when it
was served and carries a one-time nonce. Posting under ``MIN_SECONDS`` after serving (a bot)
or more than ``MAX_AGE`` later (a harvested form) is spam; a nonce is stored with the comment
it produced, so replaying a token yields nothing new.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

FORM_SALT = "comments.form-token"
UNSUBSCRIBE_SALT = "comments.unsubscribe"
MIN_SECONDS = 3
MAX_AGE = timedelta(days=2)


def current_time() -> float:
    """The clock tokens use (seconds since the epoch); tests move it instead of sleeping."""
    return time.time()


class _FormSigner(signing.TimestampSigner):
    """Timestamps in milliseconds (the 3-second rule needs better than whole seconds).

    Ages are computed here, never with ``unsign(max_age=…)``, which assumes seconds.
    """

    def __init__(self, *, issued_at: float | None = None, **kwargs):
        super().__init__(**kwargs)
        self.issued_at = issued_at

    def timestamp(self) -> str:
        issued_at = current_time() if self.issued_at is None else self.issued_at
        return signing.b62_encode(int(issued_at * 1000))


@dataclass(frozen=True)
class FormToken:
    article_id: int
    nonce: str
    issued_at: float

    def age(self) -> float:
        return current_time() - self.issued_at

    def too_fast(self) -> bool:
        return self.age() < MIN_SECONDS

    def too_old(self) -> bool:
        return self.age() > MAX_AGE.total_seconds()


def issue_form_token(article_id: int, *, issued_at: float | None = None) -> str:
    """A new token; ``issued_at`` keeps the time a form shown again was first served."""
    return _FormSigner(salt=FORM_SALT, issued_at=issued_at).sign_object(
        {"a": article_id, "n": secrets.token_urlsafe(18)}
    )


def read_form_token(token: str, *, article_id: int) -> FormToken | None:
    """The token's contents when it is genuine and for this article; otherwise None."""
    if not token or len(token) > 200:
        return None
    try:
        payload = _FormSigner(salt=FORM_SALT).unsign_object(token)  # signature only, no age
        issued_at = signing.b62_decode(token.rsplit(":", 2)[1]) / 1000
    except (signing.BadSignature, ValueError, IndexError):
        return None
    if not isinstance(payload, dict) or payload.get("a") != article_id:
        return None
    nonce = payload.get("n")
    if not isinstance(nonce, str) or not 16 <= len(nonce) <= 32:
        return None
    return FormToken(article_id=article_id, nonce=nonce, issued_at=issued_at)


def unsubscribe_token(comment_id: int) -> str:
    return signing.dumps({"c": comment_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> int | None:
    """The comment id an unsubscribe link was made for, or None if it is not ours."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    comment_id = payload.get("c") if isinstance(payload, dict) else None
    return comment_id if isinstance(comment_id, int) else None
