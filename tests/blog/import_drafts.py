"""The draft fixtures of the import tests, and a check that an import loses no line."""

from __future__ import annotations

import re
from pathlib import Path

from blog.importer import ImportPlan

FIXTURES = Path(__file__).parent / "fixtures" / "import"
# Lines made only of Markdown markup (underlines, rules, fences, table rules) carry no words.
_MARKUP_ONLY = re.compile(r"^[\s=\-*_`~#>|:]*$")
_LEADING_MARKUP = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+•]\s+|\d{1,3}[.)]\s+)")


def draft(name: str) -> str:
    """A fixture's text exactly as stored: CR, BOM and all (no newline translation)."""
    return (FIXTURES / name).read_bytes().decode("utf-8")


def fixture_names() -> list[str]:
    return sorted(path.name for path in FIXTURES.iterdir() if path.suffix in (".txt", ".md"))


_MARKER = re.compile(r"\[\^?(\d{1,3})\](?:\(#[^)\s]{0,80}\))?")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _words(text: str) -> str:
    """Words with footnote markers read alike: "[21]", "[^21]", "[21](#fn-21)", "²¹" and "21"
    are all "21"; a picture "![…](…)" and a link "[…](…)" read alike."""
    text = text.replace("![", "[")  # a picture on another server becomes a link to it
    return " ".join(_MARKER.sub(r"\1", text.translate(_SUPERSCRIPT)).split())


def _core(line: str) -> str:
    """A draft line without the Markdown marks the importer may rewrite (•, "- ", "> ")."""
    line = line.strip()
    while match := _LEADING_MARKUP.match(line):
        line = line[match.end() :]
    return _words(line.strip("*_").rstrip(":"))


def assert_nothing_lost(text: str, plan: ImportPlan) -> None:
    """Every non-empty line is in the article (title, standfirst, lede, headings, bodies) or
    in the report, with its own line number and text."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    reported = {item.line: item for item in plan.not_imported}
    article = _words(
        "\n".join(
            [plan.title, plan.dek, plan.intro]
            + [part for s in plan.sections for part in (s.display_heading, s.heading, s.body)]
        )
    )
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if number in reported:
            assert reported[number].text == line.strip(), (number, line)
            assert reported[number].reason, (number, line)
            continue
        if _MARKUP_ONLY.match(line):
            continue
        # A note copied as "1 Source…" is the footnote "[^1]: Source…".
        bare_note = _core(re.sub(r"^\s*\d{1,3}\s+", "", _MARKER.sub(r"\1", line)))
        assert _core(line) in article or bare_note in article, f"line {number} is lost: {line!r}"
    assert set(reported) <= set(range(1, len(lines) + 1))
