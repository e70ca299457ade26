"""What an import produces: the plan of an article, the section kinds it maps headings to,
and the report that the command prints and the admin shows.

Shared by ``blog.importer`` (pasted drafts) and ``blog.exporter`` (Broadsheet's own Markdown).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .draft_text import spaces
from .models import SectionKind

REASON_DISCLOSURE = "disclosure (the site shows its own)"
REASON_CHROME = "platform chrome"
REASON_SEPARATOR = "separator after the last paragraph"
REASON_EMPTY_HEADING = "heading with no text under it (a section needs a body)"
REASON_REPLACED_TITLE = "title line (replaced by the title you gave)"
REASON_MARKER = "export marker"
REASON_REPEATED_TITLE = "repeated title (the page showed it twice)"
REASON_REPEATED_DEK = "repeated standfirst (the page showed it twice)"
REASON_NOTES_HEADING = "notes heading (the notes became footnotes of the text)"
REASON_FRONT_MATTER = "front matter"
REASON_CAPTION = "caption of the picture left out (add it with the picture)"
REASON_MORE = "“more” marker (the site makes its own excerpt from the standfirst)"
REASON_REMOTE_IMAGE = (
    "picture on another server (articles show only pictures uploaded to this site: upload it, "
    "then add it in the editor)"
)

_ITALIC_LINE = re.compile(r"^([*_])(?![\s*_])(.+?)(?<![\s\\])\1$")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


class DraftError(ValueError):
    """A draft that cannot be read at all (not text, empty); the message is for authors."""


@dataclass(frozen=True)
class ReportLine:
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class PlannedSection:
    kind_slug: str
    heading: str  # as stored: "" when the kind's label is the heading
    display_heading: str  # as readers see it: "Deep Dive: Sanctions Relief", "Conclusion"
    body: str
    line: int


@dataclass(frozen=True)
class ProductOffer:
    """A promo line whose name is an affiliate link's: a product box for the article."""

    name: str
    line: int
    link_id: int


@dataclass(frozen=True)
class ImportPlan:
    title: str
    title_line: int | None  # where the title was found; None when given or missing
    title_given: bool
    dek: str
    intro: str
    intro_blocks: int
    sections: tuple[PlannedSection, ...]
    quote_lines: tuple[int, ...]
    list_lines: tuple[int, ...]
    not_imported: tuple[ReportLine, ...]
    products: tuple[ProductOffer, ...]
    exact: bool  # read as a Broadsheet export
    tags: tuple[str, ...] = ()  # from the front matter
    date: str = ""  # the front matter's date, as written (reported, not imported)
    byline: str = ""  # the author the draft names (front matter or byline), reported
    footnote_lines: tuple[int, ...] = ()  # pasted notes that became Markdown footnotes
    # Lines the author may turn into a heading in the admin preview (single short lines).
    heading_candidates: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Heading:
    kind_slug: str
    heading: str
    names_kind: bool  # the text named a section kind, e.g. "Conclusion" or "Deep Dive: …"


# --- Section kinds -----------------------------------------------------------------------


def _key(text: str) -> str:
    return spaces(text).casefold()


class KindIndex:
    """The section kinds by name and label, to read a heading as ``(kind, own heading)``."""

    def __init__(self, kinds: Iterable[SectionKind]):
        self.kinds = {kind.slug: kind for kind in kinds}
        generic = self.kinds.get(SectionKind.GENERIC_SLUG)
        self.generic_name = generic.name if generic else "Section"
        self.by_name: dict[str, SectionKind] = {}
        for kind in self.kinds.values():
            if kind.slug != SectionKind.GENERIC_SLUG:
                for name in (kind.name, kind.label):
                    if name.strip():
                        self.by_name.setdefault(_key(name), kind)

    def resolve(self, text: str) -> Heading:
        """ "Conclusion" → conclusion, ""; "Deep Dive: X" → deep-dive, "X"; else a free section."""
        text = text.strip()
        whole = text.rstrip(":").strip()
        kind = self.by_name.get(_key(whole))
        if kind:
            return Heading(kind.slug, "" if kind.label else whole, True)
        prefix, colon, rest = text.partition(":")
        rest = rest.strip()
        if colon and rest:
            kind = self.by_name.get(_key(prefix))
            if kind:
                return Heading(kind.slug, rest, True)
            if _key(prefix) == _key(self.generic_name):  # "Section: Conclusion" stays free
                return Heading(SectionKind.GENERIC_SLUG, rest, True)
        return Heading(SectionKind.GENERIC_SLUG, text, False)

    def display(self, slug: str, heading: str) -> str:
        kind = self.kinds.get(slug)
        return kind.display_heading(heading) if kind else heading


# --- The standfirst: an italic-only line under the title --------------------------------


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def read_standfirst(line: str) -> str:
    """The text of an italic-only line (``*…*`` or ``_…_``) of at most 300 characters."""
    match = _ITALIC_LINE.match(line.strip())
    if not match or re.search(rf"(?<!\\){re.escape(match.group(1))}", match.group(2)):
        return ""
    text = _unescape(match.group(2))
    return text if len(text) <= 300 else ""


# --- The report ---------------------------------------------------------------------------


def _shorten(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def lines_note(numbers: tuple[int, ...]) -> str:
    if not numbers:
        return "0"
    label = "line" if len(numbers) == 1 else "lines"
    return f"{len(numbers)} ({label} {', '.join(map(str, numbers))})"


def report_lines(plan: ImportPlan) -> list[str]:
    """The plan as the command prints it: title, sections with kinds, what was left out."""
    if plan.title_given:
        title = f"Title: {plan.title} (given)"
    elif plan.title:
        title = f"Title: {plan.title} (line {plan.title_line})"
    else:
        title = "Title: none found (give one)"
    lines = [title]
    if plan.dek:
        lines.append(f"Standfirst: {plan.dek}")
    lines.append(f"Lede: {plan.intro_blocks} paragraph(s)" if plan.intro else "Lede: none")
    lines.append(f"Sections: {len(plan.sections)}")
    lines += [
        f"  {number}. [{section.kind_slug}] {section.display_heading} (line {section.line})"
        for number, section in enumerate(plan.sections, start=1)
    ]
    lines.append(f"Quotes: {lines_note(plan.quote_lines)}")
    lines.append(f"Lists: {lines_note(plan.list_lines)}")
    if plan.footnote_lines:
        lines.append(f"Footnotes: {lines_note(plan.footnote_lines)}")
    if plan.tags:
        lines.append(f"Tags: {', '.join(plan.tags)}")
    if plan.byline:
        lines.append(f"Byline: {plan.byline} (not imported: the author is who imports it)")
    if plan.date:
        lines.append(f"Date: {plan.date} (not imported)")
    if plan.products:
        offers = ", ".join(f"{offer.name} (line {offer.line})" for offer in plan.products)
        lines.append(f"Product boxes: {offers}")
    lines.append(f"Not imported: {len(plan.not_imported)} line(s)")
    lines += [
        f"  line {item.line}: “{_shorten(item.text)}” — {item.reason}" for item in plan.not_imported
    ]
    return lines
