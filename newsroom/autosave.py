"""Autosave: what a person has typed into an article's form and not saved, kept privately.

The change and add forms post their whole state (every named field, every inline row,
new ones included) every ~30 s and when the tab is hidden, if it changed
(``static/js/admin-autosave.js``); reopening the form offers to restore it, and a successful
save clears it. A draft is an ``Autosave`` row per person per article (and per person for a
new article): not a revision, never shown to anyone else, never public, cached or indexed.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone

from .models import Autosave

# The whole request body. The form itself may post 5 MB (DATA_UPLOAD_MAX_MEMORY_SIZE): a
# draft is text only (no image), and a longer one is kept in the browser instead.
MAX_BYTES = 2 * 1024 * 1024
MAX_FIELDS = 5_000  # an article with a few hundred sections and product boxes
MAX_NAME_LENGTH = 200
MAX_LABEL_LENGTH = 300
# Never stored: the token is per session; files cannot be restored into a file input.
SKIPPED_NAMES = {"csrfmiddlewaretoken"}


class InvalidDraft(ValueError):
    """The posted form state is not a list of named text values (or is too big)."""


def parse(body: bytes) -> dict:
    """The form state a request posted, checked: ``{"fields": [[name, value]…], "labels":
    {name: text}}``. Anything else raises ``InvalidDraft`` with a message for the person."""
    if len(body) > MAX_BYTES:
        raise InvalidDraft("This draft is too large to keep on the server.")
    try:
        posted = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidDraft("The draft is not valid JSON.") from error
    if not isinstance(posted, dict) or not isinstance(posted.get("fields"), list):
        raise InvalidDraft("The draft must have a list of fields.")
    fields, labels = posted["fields"], posted.get("labels") or {}
    if len(fields) > MAX_FIELDS or not isinstance(labels, dict) or len(labels) > MAX_FIELDS:
        raise InvalidDraft("The draft has too many fields.")
    checked = []
    for pair in fields:
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(part, str) and "\x00" not in part for part in pair)
            and 0 < len(pair[0]) <= MAX_NAME_LENGTH
        ):
            raise InvalidDraft("Each field must be a name and a text value.")
        if pair[0] not in SKIPPED_NAMES:
            checked.append(pair)
    names = {name for name, _ in checked}
    checked_labels = {}
    for name, label in labels.items():
        if name in names and isinstance(label, str) and "\x00" not in label:
            checked_labels[name] = label[:MAX_LABEL_LENGTH]
    return {"fields": checked, "labels": checked_labels}


def store(
    *, user, article_id: int | None, form_state: dict, now: datetime | None = None
) -> datetime:
    """Keep ``form_state`` as ``user``'s draft of the article (None: their new article);
    returns the time it was kept."""
    now = now or timezone.now()
    drafts = Autosave.objects.of(user=user, article_id=article_id)
    if drafts.update(form_state=form_state, saved_at=now):
        return now
    try:
        with transaction.atomic():
            Autosave.objects.create(
                user=user, article_id=article_id, form_state=form_state, saved_at=now
            )
    except IntegrityError:
        # Two of their tabs autosaved at once: the later write wins, as with one tab.
        drafts.update(form_state=form_state, saved_at=now)
    return now


def draft_for(*, user, article_id: int | None) -> Autosave | None:
    return Autosave.objects.of(user=user, article_id=article_id).first()


def discard(*, user, article_id: int | None) -> None:
    """Forget ``user``'s draft: they chose Discard, or saved the article."""
    Autosave.objects.of(user=user, article_id=article_id).delete()


def when(moment: datetime) -> str:
    """ "10:42" today, "28 Nov 10:42" before, in the site's time zone."""
    local = timezone.localtime(moment)
    today = timezone.localdate()
    return dateformat.format(local, "H:i" if local.date() == today else "j M H:i")
