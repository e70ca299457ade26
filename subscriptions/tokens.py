"""Signed values for following by email (``django.core.signing``, one salt per purpose).

* The form token: when the form was served. Posted under ``MIN_SECONDS`` later (a bot) or
  after ``MAX_AGE`` (a harvested form) it is refused.
* The confirmation token: the address and the chosen tag ids, valid ``CONFIRM_MAX_AGE``. Nothing
  is stored until it comes back, so an address typed by someone else leaves no trace.
* The unsubscribe token: a subscriber's id, valid for as long as they are subscribed.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.core import signing

FORM_SALT = "subscriptions.form"
CONFIRM_SALT = "subscriptions.confirm"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"
MIN_SECONDS = 2
MAX_AGE = timedelta(days=2)
CONFIRM_MAX_AGE = timedelta(days=7)


def current_time() -> float:
    """The clock form tokens use; tests move it instead of sleeping."""
    return time.time()


class _Signer(signing.TimestampSigner):
    def timestamp(self) -> str:
        return signing.b62_encode(int(current_time()))


def issue_form_token() -> str:
    return _Signer(salt=FORM_SALT).sign("follow")


def form_token_problem(token: str) -> str:
    """Why a posted form token is refused, or "" when it is good."""
    if not token:  # no JavaScript: the form comes back with a token
        return "Almost done — please press the button again."
    if len(token) > 100:
        return "The form has expired. Please try again."
    try:
        _Signer(salt=FORM_SALT).unsign(token)  # signature only; the age is checked below
        issued = signing.b62_decode(token.rsplit(":", 2)[1])
    except (signing.BadSignature, ValueError, IndexError):
        return "The form has expired. Please try again."
    age = current_time() - issued
    if age < MIN_SECONDS:
        return "That was quick — please press the button again."
    if age > MAX_AGE.total_seconds():
        return "The form has expired. Please try again."
    return ""


def confirmation_token(email: str, tag_ids: list[int]) -> str:
    return signing.dumps({"e": email, "t": sorted(tag_ids)}, salt=CONFIRM_SALT, compress=True)


def read_confirmation_token(token: str) -> tuple[str, list[int]] | None:
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE.total_seconds())
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("e"), str):
        return None
    tags = payload.get("t")
    if not isinstance(tags, list) or not all(isinstance(tag, int) for tag in tags):
        return None
    return payload["e"], tags


def unsubscribe_token(subscriber_id: int) -> str:
    return signing.dumps({"s": subscriber_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> int | None:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    subscriber_id = payload.get("s") if isinstance(payload, dict) else None
    return subscriber_id if isinstance(subscriber_id, int) else None
