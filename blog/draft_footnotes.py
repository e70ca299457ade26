"""Footnotes pasted as plain text: numbered notes at the end, markers in the text.

A journal article copied from a page or a PDF ends with its notes ("1. Oriana Skylar
Mastro, …", "[2] …", "³ …"), and its text carries the markers ("…the Gulf.[21]", "…the
Gulf²¹", or "…the Gulf.21" where the superscript was lost). ``blog.importer`` finds the notes;
this module reads a note line and rewrites markers as Markdown footnotes (``[^21]`` and
``[^21]: …``), which ``blog.markup`` renders. All patterns are linear.
"""

from __future__ import annotations

import re

from .draft_text import spaces, without_trailing_markers  # noqa: F401 (re-exported)

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")
NOTES_HEADINGS = frozenset(
    {
        "notes", "endnotes", "end notes", "footnotes", "references", "sources", "citations",
        "notes and references", "works cited", "bibliography and notes", "note",
    }
)  # fmt: skip

_NOTE = re.compile(
    r"^(?:\[(?P<link>\d{1,3})\]\(#[^)\s]{0,80}\)|\[(?P<bracket>\d{1,3})\]|"
    r"(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})|(?P<number>\d{1,3})[.)]|"
    r"\^(?P<caret>\d{1,3})\.?)[ \t\u00a0]*(?P<text>\S.*)$"
)
_BARE_NUMBER = re.compile(r"^\[?(\d{1,3})\]?(?:\(#[^)\s]{0,80}\))?$")
_BARE_NOTE = re.compile(r"^(\d{1,3})[ \t\u00a0]+(\S.*)$")
# "[21]" not part of a link "[21](…)" or a reference definition "[21]: …".
_BRACKET_MARKER = re.compile(r"\[(\d{1,3})\](?![(:\[])")
# "[21](#footnote-21)": a converter's link to the note.
_LINK_MARKER = re.compile(r"\[(\d{1,3})\]\(#[^)\s]{0,80}\)")
# "…the Gulf21 and": a superscript lost in pasting, glued to a lower-case word.
_LETTER_GLUED_MARKER = re.compile(r"(?<=[a-z])(\d{1,2})(?=[\s,;:.!?]|$)")
_SUPERSCRIPT_MARKER = re.compile(r"(?<=\S)([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})")
# "…the Gulf.21 Next" / "…in 2019,” 4 " : a number glued to a word's final punctuation.
_GLUED_MARKER = re.compile(r"(?<=[a-z][.,;:”’\")])(\d{1,3})(?=\s|$)")


def note_number(line: str, *, loose: bool = False) -> tuple[int, str] | None:
    """(number, text) of a note line such as "1. Text", "[1] Text", "¹ Text"; with
    ``loose`` (under a "Notes" heading) also "1 Text", as notes copied from a PDF read."""
    match = _NOTE.match(spaces(line))
    if not match and loose and (bare := _BARE_NOTE.match(spaces(line))):
        return int(bare.group(1)), bare.group(2)
    if not match:
        return None
    groups = match.group("link", "bracket", "sup", "number", "caret")
    raw = next(group for group in groups if group)
    return int(raw.translate(_FROM_SUPERSCRIPT)), match.group("text")


def is_notes_heading(text: str) -> bool:
    return spaces(text).strip("*_#: ").casefold() in NOTES_HEADINGS


def markers_in(text: str) -> set[int]:
    """Numbers the text refers to with "[n]", a superscript or a number glued to a word."""
    numbers = {int(number) for number in _BRACKET_MARKER.findall(text)}
    numbers |= {int(number) for number in _LINK_MARKER.findall(text)}
    numbers |= {int(number) for number in _LETTER_GLUED_MARKER.findall(text)}
    numbers |= {int(sup.translate(_FROM_SUPERSCRIPT)) for sup in _SUPERSCRIPT_MARKER.findall(text)}
    numbers |= {int(number) for number in _GLUED_MARKER.findall(text)}
    return numbers


def link_markers(text: str, numbers: set[int]) -> str:
    """The markers of ``numbers`` in ``text`` as Markdown footnote references ``[^n]``."""

    def replace(match: re.Match) -> str:
        number = int(match.group(1).translate(_FROM_SUPERSCRIPT))
        return f"[^{number}]" if number in numbers else match.group(0)

    text = _LINK_MARKER.sub(replace, text)
    text = _BRACKET_MARKER.sub(replace, text)
    text = _LETTER_GLUED_MARKER.sub(replace, text)
    text = _SUPERSCRIPT_MARKER.sub(replace, text)
    return _GLUED_MARKER.sub(replace, text)


def bare_note_number(line: str) -> int | None:
    """The number of a line that is only a note's number ("1", "[1]", "[1](#footnote-1)"):
    Substack and its converters put the number on a line of its own, the note under it."""
    match = _BARE_NUMBER.match(spaces(line))
    return int(match.group(1)) if match else None
