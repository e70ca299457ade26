"""An article as Markdown that ``import_article`` reads back to the same structure.

The layout: the export marker, ``# Title``, the standfirst as an italic line, the lede, then
``## Display Heading`` and the body for each section ("## Deep Dive: Own Heading",
"## Conclusion"). The marker tells ``plan_import`` to hand the text to ``read_export``,
which reads it exactly, as Markdown, with none of the guesses made about pasted drafts. Two
adjustments keep the round trip exact:

* a ``## `` line inside a lede or body would start a section, so it is written as ``###``;
  both render as the same ``<h3>`` (``blog.markup`` demotes body headings);
* a free section whose heading would read as a kind ("Conclusion", "Deep Dive: …") is
  written with the generic kind's name first: "## Section: Conclusion".

Tags, images, dates and the status are not exported: they are not part of a draft.
"""

from __future__ import annotations

import re

from .draft_text import FENCE, scan
from .import_plan import (
    REASON_EMPTY_HEADING,
    REASON_MARKER,
    REASON_REPLACED_TITLE,
    ImportPlan,
    KindIndex,
    PlannedSection,
    ReportLine,
    read_standfirst,
)
from .models import Article, Section, SectionKind

EXPORT_MARKER = "<!-- broadsheet-export -->"
NO_STANDFIRST_MARKER = "<!-- broadsheet-export: no-standfirst -->"
SECTION_HEADING = re.compile(r"^## (?!#)")  # a section: exactly level 2, at the margin


# --- Writing ------------------------------------------------------------------------------


def article_markdown(article: Article, *, kinds: KindIndex | None = None) -> str:
    """The article as Markdown; ``article.sections`` should come with their kinds."""
    kinds = kinds or KindIndex(SectionKind.objects.all())
    intro = _markdown_text(article.intro)
    dek = _one_line(article.dek)
    # Without a standfirst, a lede opening with an italic line must not be read as one.
    first_line = intro.split("\n\n", 1)[0]
    marker = EXPORT_MARKER if dek or not read_standfirst(first_line) else NO_STANDFIRST_MARKER
    parts = [marker, f"# {_one_line(article.title)}"]
    if dek:
        parts.append("*" + re.sub(r"([\\*])", r"\\\1", dek) + "*")
    if intro:
        parts.append(intro)
    for section in article.sections.all():
        parts.append(f"## {section_heading(section, kinds)}")
        parts.append(_markdown_text(section.body))
    return "\n\n".join(parts) + "\n"


def section_heading(section: Section, kinds: KindIndex) -> str:
    """The heading line's text, which the importer reads back as this kind and heading."""
    kind = section.kind
    heading = _one_line(section.heading)
    if kind.is_generic:
        text, expected = heading, heading
    else:
        own = kind.heading_parts(heading)[1] if kind.label else heading
        prefix = kind.label or kind.name
        text, expected = (f"{prefix}: {own}" if own else prefix), own
    resolved = kinds.resolve(text)
    if (resolved.kind_slug, resolved.heading) != (kind.slug, expected):
        text = f"{kinds.generic_name}: {text}"
    return text


def _one_line(text: str) -> str:
    return " ".join(text.splitlines()).strip()


def _markdown_text(text: str) -> str:
    """Unix line endings, no blank lines around, ``## `` outside code demoted to ``###``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [
        "#" + line if not in_code and SECTION_HEADING.match(line) else line
        for line, in_code in zip(lines, in_fenced_code(lines), strict=True)
    ]
    return "\n".join(trim_blank_lines(lines))


# --- Reading back -------------------------------------------------------------------------


def is_export(lines: list[str]) -> bool:
    """Whether the first non-blank line is the export marker."""
    first = next((line.strip() for line in lines if line.strip()), "")
    return first in (EXPORT_MARKER, NO_STANDFIRST_MARKER)


def read_export(lines: list[str], kinds: KindIndex, given_title: str) -> ImportPlan:
    """``# Title``, ``*standfirst*``, the lede, then a section per ``## `` line, verbatim."""
    marker = _skip_blank(lines, 0)
    report = [ReportLine(marker + 1, lines[marker].strip(), REASON_MARKER)]
    position = _skip_blank(lines, marker + 1)
    title, title_line = "", None
    if position < len(lines) and lines[position].startswith("# "):
        title, title_line = lines[position][2:].strip(), position + 1
        position = _skip_blank(lines, position + 1)
    dek = ""
    if position < len(lines) and lines[marker].strip() != NO_STANDFIRST_MARKER:
        ends_paragraph = position + 1 == len(lines) or not lines[position + 1].strip()
        if ends_paragraph and (dek := read_standfirst(lines[position])):
            position += 1
    if given_title and title_line and given_title != title:
        report.append(ReportLine(title_line, lines[title_line - 1].strip(), REASON_REPLACED_TITLE))
        title_line = None
    chunks = _split_sections(lines, position)
    intro_lines = chunks[0][1]
    sections = []
    for start, chunk in chunks[1:]:
        heading_line, body = chunk[0], trim_blank_lines(chunk[1:])
        if not body:
            report.append(ReportLine(start, heading_line.strip(), REASON_EMPTY_HEADING))
            continue
        heading = kinds.resolve(heading_line[3:].strip())
        sections.append(
            PlannedSection(
                kind_slug=heading.kind_slug,
                heading=heading.heading,
                display_heading=kinds.display(heading.kind_slug, heading.heading),
                body="\n".join(body),
                line=start,
            )
        )
    blocks = scan([""] * position + lines[position:])  # keeps the line numbers
    intro = "\n".join(trim_blank_lines(intro_lines))
    return ImportPlan(
        title=given_title or title,
        title_line=title_line,
        title_given=bool(given_title) and given_title != title,
        dek=dek,
        intro=intro,
        intro_blocks=len(scan(intro.split("\n"))) if intro else 0,
        sections=tuple(sections),
        quote_lines=tuple(b.number for b in blocks if b.kind == "quote"),
        list_lines=tuple(b.number for b in blocks if b.kind == "list"),
        not_imported=tuple(sorted(report, key=lambda line: line.line)),
        products=(),
        exact=True,
    )


def _skip_blank(lines: list[str], position: int) -> int:
    while position < len(lines) and not lines[position].strip():
        position += 1
    return position


def trim_blank_lines(lines: list[str]) -> list[str]:
    """Without leading and trailing blank lines; the others exactly as written."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _split_sections(lines: list[str], start: int) -> list[tuple[int, list[str]]]:
    """[(first line number, lines)]: the lede, then one chunk per ``## `` outside code."""
    chunks: list[tuple[int, list[str]]] = [(start + 1, [])]
    rest = lines[start:]
    for number, line, in_code in zip(
        range(start + 1, len(lines) + 1), rest, in_fenced_code(rest), strict=True
    ):
        if not in_code and SECTION_HEADING.match(line):
            chunks.append((number, []))
        chunks[-1][1].append(line)
    return chunks


def in_fenced_code(lines: list[str]) -> list[bool]:
    """For each line, whether it opens, closes or is inside a fenced code block."""
    flags = []
    fence = ""
    for line in lines:
        opening = FENCE.match(line)
        if fence:
            flags.append(True)
            closing = opening and opening.group(1)[0] == fence[0] and not line.strip(fence[0] + " ")
            if closing and len(opening.group(1)) >= len(fence):
                fence = ""
        else:
            flags.append(bool(opening))
            fence = opening.group(1) if opening else ""
    return flags
