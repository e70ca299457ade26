"""A pasted draft as blocks: normalised lines grouped into paragraphs, headings, lists, quotes.

The importer's first pass. It knows Markdown's block syntax (ATX and setext headings, fenced
code, block quotes, lists, tables, rules) and the habits of pasted text (one paragraph per
line, "•" bullets, no blank lines), but nothing about articles: ``blog.importer`` decides what
the blocks mean. Line numbers are 1-based and count the lines of the normalised text, which
are the lines an editor shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

NUL = "\x00"
# Windows and old Mac line endings, and the Unicode line/paragraph separators some word
# processors paste, all end a line.
_LINE_BREAK = re.compile(r"\r\n?|[\u2028\u2029]")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}>")
_LIST_ITEM = re.compile(r"^([ \t]*)([-*+•◦▪‣]|\d{1,3}[.)])[ \t]+\S")
_BULLET = re.compile(r"^([ \t]*)[•◦▪‣](?=[ \t])")
_TABLE = re.compile(r"^ {0,3}\|")
# Footnote markers at the end of a line: "[21]", "²¹", or "21" glued to a full stop.
_TRAILING_MARKER = re.compile(r"(?:\[\d{1,3}\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})$")
_TRAILING_GLUED = re.compile(r"(?<=[.!?”’\")])\d{1,3}$")
# A line longer than this was not wrapped by an editor: it is a whole paragraph.
MAX_WRAPPED_LINE = 120

SENTENCE_END = frozenset(".!?…。！？")
CLOSING_QUOTES = frozenset('”"»“')
# Quotation marks that open and close a quoted paragraph: English, straight, German, French.
QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("„", "“"), ("«", "»"))


@dataclass
class Block:
    """Consecutive lines that belong together; ``kind`` is the Markdown block type."""

    kind: str  # paragraph, heading, list, quote, code, table or rule
    lines: list[tuple[int, str]]
    after_blank: bool = True  # a blank line (or the start of the text) comes before it
    level: int = 0  # headings: 1 to 6
    heading: str = ""  # headings: the text without its # marks or underline

    @property
    def number(self) -> int:
        return self.lines[0][0]

    @property
    def text(self) -> str:
        """The block's words on one line (for measuring and matching, not for output)."""
        return " ".join(text.strip() for _, text in self.lines if text.strip())

    def markdown(self) -> str:
        """The block as Markdown: what was written, with "•" bullets made Markdown lists."""
        if self.kind == "list":
            return dedent_list([text for _, text in self.lines])
        return "\n".join(text for _, text in self.lines)


@dataclass
class Draft:
    lines: list[str]
    blocks: list[Block] = field(default_factory=list)
    hard_wrapped: bool = False


def split_lines(text: str) -> list[str]:
    """The text's lines, without a byte-order mark; every other character kept as it was."""
    return _LINE_BREAK.sub("\n", text.removeprefix("\ufeff")).split("\n")


def read_draft(text: str) -> Draft:
    return read_lines(split_lines(text))


def read_lines(lines: list[str]) -> Draft:
    """The draft's blocks; lines blanked out (e.g. front matter) keep the numbering."""
    blocks = scan(lines)
    hard_wrapped = is_hard_wrapped(blocks)
    if hard_wrapped:
        blocks = join_wrapped_lines(blocks)
    return Draft(lines=lines, blocks=blocks, hard_wrapped=hard_wrapped)


def scan(lines: list[str]) -> list[Block]:
    """Blocks in reading order; every prose line is its own paragraph at this stage."""
    blocks: list[Block] = []
    after_blank = True
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if not line.strip():
            after_blank = True
            index += 1
            continue
        if _SETEXT.match(line) and not after_blank and blocks and _can_be_underlined(blocks[-1]):
            previous = blocks[-1]
            previous.kind, previous.heading = "heading", previous.lines[0][1].strip()
            previous.level = 1 if line.strip()[0] == "=" else 2
            previous.lines.append((index + 1, line))
            index += 1
            continue
        block, index = _scan_block(lines, index)
        block.after_blank = after_blank
        blocks.append(block)
        after_blank = False
    return blocks


def _scan_block(lines: list[str], index: int) -> tuple[Block, int]:
    """The block that starts at ``lines[index]`` and the index just after it."""
    line = lines[index].rstrip()
    number = index + 1
    if fence := FENCE.match(line):
        end = _fence_end(lines, index, fence.group(1))
        return Block("code", _numbered(lines, index, end)), end
    if heading := _ATX.match(line):
        text = (heading.group(2) or "").strip()
        return Block("heading", [(number, line)], level=len(heading.group(1)), heading=text), (
            index + 1
        )
    if _RULE.match(line):
        return Block("rule", [(number, line.strip())]), index + 1
    if _QUOTE.match(line):
        end = _run_end(lines, index, _QUOTE)
        return Block("quote", [(n, text.strip()) for n, text in _numbered(lines, index, end)]), end
    if _LIST_ITEM.match(line):
        end = _list_end(lines, index)
        return Block("list", _numbered(lines, index, end)), end
    if _TABLE.match(line):
        end = _run_end(lines, index, _TABLE)
        return Block("table", [(n, text.strip()) for n, text in _numbered(lines, index, end)]), end
    return Block("paragraph", [(number, line.strip())]), index + 1


def _numbered(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    return [(number + 1, lines[number].rstrip()) for number in range(start, end)]


def _run_end(lines: list[str], index: int, pattern: re.Pattern) -> int:
    end = index + 1
    while end < len(lines) and pattern.match(lines[end]):
        end += 1
    return end


def _fence_end(lines: list[str], index: int, opening: str) -> int:
    """Just after the closing fence, or the end of the text when the fence is never closed."""
    closing = re.compile(rf"^ {{0,3}}{re.escape(opening[0])}{{{len(opening)},}}[ \t]*$")
    for end in range(index + 1, len(lines)):
        if closing.match(lines[end]):
            return end + 1
    return len(lines)


def _list_end(lines: list[str], index: int) -> int:
    """Items, indented continuation lines, and blank lines between items of one list."""
    end = index + 1
    while end < len(lines):
        line = lines[end]
        if line.strip():
            if _is_list_line(line):
                end += 1
                continue
            return end
        following = end
        while following < len(lines) and not lines[following].strip():
            following += 1
        if following == len(lines) or not _is_list_line(lines[following]):
            return end
        end = following
    return end


def _is_list_line(line: str) -> bool:
    indented = len(line) - len(line.lstrip(" \t")) >= 2
    return bool(_LIST_ITEM.match(line) and not _RULE.match(line)) or indented


def _can_be_underlined(block: Block) -> bool:
    # "Heading\n-----" is a heading, but "A sentence.\n---" is a sentence and a separator.
    return (
        block.kind == "paragraph" and len(block.lines) == 1 and not ends_sentence(block.lines[0][1])
    )


def dedent_list(lines: list[str]) -> str:
    """List lines with "•"-style bullets as "-" and the common indentation removed."""
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    margin = min(indents, default=0)
    return "\n".join(_BULLET.sub(r"\1-", line[margin:]) if line.strip() else "" for line in lines)


def is_hard_wrapped(blocks: list[Block]) -> bool:
    """Whether consecutive prose lines are wrapped paragraphs rather than one paragraph each.

    Pasted drafts put each paragraph on one line, so a line that does not end a sentence is
    a heading. In a hard-wrapped draft most long lines end mid-sentence (or the next line
    goes on in lower case); it is then read as Markdown reads it.
    """
    wrapped = unwrapped = 0
    for previous, block in pairwise(blocks):
        if previous.kind != "paragraph" or block.kind != "paragraph" or block.after_blank:
            continue
        line, following = previous.lines[-1][1], block.lines[0][1]
        if ends_sentence(line) or len(line) > MAX_WRAPPED_LINE:
            unwrapped += 1
        elif len(line.split()) >= 9 or following[:1].islower():
            wrapped += 1
    return wrapped > unwrapped


def join_wrapped_lines(blocks: list[Block]) -> list[Block]:
    """Adjacent prose lines as one paragraph, except a short first line (a heading)."""
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == block.kind == "paragraph"
            and not block.after_blank
            and not (len(previous.lines) == 1 and len(previous.text.split()) <= 8)
            and len(previous.lines[-1][1]) <= MAX_WRAPPED_LINE  # a whole paragraph ends here
            and len(block.lines[0][1]) <= MAX_WRAPPED_LINE
        ):
            previous.lines.extend(block.lines)
        else:
            joined.append(block)
    return joined


# --- Reading a line's text ---------------------------------------------------------------


def spaces(text: str) -> str:
    """The text with non-breaking and other Unicode spaces as plain ones, collapsed."""
    return " ".join(text.split())


def without_trailing_markers(text: str) -> str:
    """The line without footnote markers at its end ("…in 2019.[21]" → "…in 2019.")."""
    text = text.rstrip()
    # One marker at a time, looking only at the line's last characters: linear.
    while match := _TRAILING_MARKER.search(text[-5:]):
        text = text[: len(text) - len(match.group(0))]
    return text[:-5] + _TRAILING_GLUED.sub("", text[-5:])


def ends_sentence(text: str) -> bool:
    """Ends with . ! ? … or a colon, possibly inside closing quotes, brackets or emphasis,
    and possibly followed by a footnote marker."""
    stripped = without_trailing_markers(spaces(text)).rstrip("”\"’')]*_»")
    return bool(stripped) and (stripped[-1] in SENTENCE_END or stripped[-1] == ":")


def is_quotation(text: str) -> bool:
    """The whole text is one quotation: “…”, "…", „…“ or «…», with no quote closed early."""
    text = spaces(text)
    for opening, closing in QUOTE_PAIRS:
        if len(text) > 2 and text.startswith(opening) and text.endswith(closing):
            inner = text[1:-1]
            if closing not in inner and opening not in inner:
                return True
    return False
