"""Keyset ("cursor") pagination on (published_at, id).

Each page asks for the rows after the last one shown, so the thousandth page costs what the
first does, which OFFSET pagination cannot promise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q, QuerySet
from django.http import Http404

# ASCII digits, no leading zeros: one spelling per cursor, the one ``encode_cursor`` gives
# (``\d`` would take any script's digits, and ``int()`` reads them).
_CURSOR = re.compile(r"(0|[1-9][0-9]{0,16})-([1-9][0-9]{0,18})")


@dataclass(frozen=True)
class CursorPage:
    items: list
    next_cursor: str | None
    # False when the page was asked for with a cursor that names no row of the list: a
    # valid page (the rows before that moment), but not one the site links to.
    cursor_found: bool = True

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def encode_cursor(published_at: datetime, pk: int) -> str:
    micros = int(published_at.timestamp()) * 1_000_000 + published_at.microsecond
    return f"{micros}-{pk}"


def decode_cursor(value: str) -> tuple[datetime, int]:
    match = _CURSOR.fullmatch(value)
    if not match:
        raise Http404("That page does not exist.")
    micros, pk = int(match[1]), int(match[2])
    try:
        moment = datetime.fromtimestamp(micros // 1_000_000, tz=UTC).replace(
            microsecond=micros % 1_000_000
        )
    except (OverflowError, OSError, ValueError):
        raise Http404("That page does not exist.") from None
    return moment, pk


def whole_number(raw: str, *, max_digits: int = 18) -> int | None:
    """``raw`` as a number when it is written the one way ``str(number)`` writes it (ASCII
    digits, no sign, no leading zero), else None.

    For the numbers in a page's address (a cursor, an id): every other spelling of the same
    number would be another address for the page cache to store, and ``int()`` reads digits
    of any script ("٣") while ``str.isdigit()`` passes some it cannot read ("²").
    """
    if not (raw.isascii() and raw.isdigit()) or len(raw) > max_digits or str(int(raw)) != raw:
        return None
    return int(raw)


def paginate(queryset: QuerySet, cursor: str | None, per_page: int) -> CursorPage:
    """One page of a queryset ordered by (-published_at, -id), starting after ``cursor``.

    The cursor's own row is read too (the same query, one row more), to tell a cursor the
    site gave out from a made-up one (``cursor_found``).
    """
    found = True
    if cursor:
        published_at, pk = decode_cursor(cursor)
        # The plain range condition first: the index on (status, published_at) then starts
        # at the cursor, where the OR alone made it walk (and drop) every newer row.
        queryset = queryset.filter(
            Q(published_at__lt=published_at) | Q(published_at=published_at, id__lte=pk),
            published_at__lte=published_at,
        )
        rows = list(queryset.order_by("-published_at", "-id")[: per_page + 2])
        found = bool(rows) and (rows[0].published_at, rows[0].pk) == (published_at, pk)
        rows = rows[1:] if found else rows
    else:
        rows = list(queryset.order_by("-published_at", "-id")[: per_page + 1])
    items, more = rows[:per_page], len(rows) > per_page
    last = items[-1] if items else None
    return CursorPage(
        items=items,
        next_cursor=encode_cursor(last.published_at, last.pk) if more and last else None,
        cursor_found=found,
    )
