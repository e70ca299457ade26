"""Who else has an article's change form open, and since when.

The open form beats every ~30 s (``static/js/admin-autosave.js``), and once when it is
rendered; a person counts as present while their last beat is younger than
``EditingPresence.TIMEOUT``, and leaves when the page goes away (a last beat says so).
Stored in the database, not the cache: a local-memory cache would not be shared between
the server's worker processes.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from blog.presentation import author_name

from .autosave import when
from .models import EditingPresence


def heartbeat(*, article_id: int, user, now: datetime | None = None) -> None:
    """``user`` has the article's form open now; "since" keeps its time while they stay."""
    now = now or timezone.now()
    present = EditingPresence.objects.filter(article_id=article_id, user=user)
    if present.current(now=now).update(seen_at=now):
        return
    EditingPresence.objects.update_or_create(
        article_id=article_id, user=user, defaults={"since": now, "seen_at": now}
    )
    # Rows of people long gone are only ever read as absent; drop this article's now.
    EditingPresence.objects.filter(
        article_id=article_id, seen_at__lt=now - 10 * EditingPresence.TIMEOUT
    ).delete()


def leave(*, article, user) -> None:
    EditingPresence.objects.filter(article=article, user=user).delete()


def others(*, article, user, now: datetime | None = None) -> list[EditingPresence]:
    """The other people who have ``article``'s form open, longest first."""
    return list(
        EditingPresence.objects.current(now=now)
        .filter(article=article)
        .exclude(user=user)
        .select_related("user")
    )


def notice(present: list[EditingPresence]) -> str:
    """The sentence the form shows, e.g. "Dana Roe also has this article open (since 10:40)."
    Empty when nobody else has it open."""
    if not present:
        return ""
    people = [f"{author_name(row.user)} (since {when(row.since)})" for row in present]
    listed = people[0] if len(people) == 1 else f"{', '.join(people[:-1])} and {people[-1]}"
    verb = "has" if len(people) == 1 else "have"
    return (
        f"{listed} also {verb} this article open. Save often: if they save first, your save "
        "will show what they changed."
    )
