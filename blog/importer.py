"""Read a pasted draft — plain text or Markdown — as an article: title, lede, typed sections.

``plan_import(text)`` only detects: it reads ``SectionKind`` (and, when the affiliates app is
installed, the names of its links) and writes nothing. Its ``ImportPlan`` is what
``services.create_article_from_plan`` creates and what the command and the admin show as the
report. Nothing is lost: every non-empty line of the draft is in the plan (title, standfirst,
lede, a heading, a body) or in ``plan.not_imported`` with the reason it was left out.

How a draft is read (``blog.draft_text`` splits it into blocks first):

* Title: a Markdown ``# Title``, or a first line that reads as a headline (short, no
  sentence-final punctuation, not a section kind) followed by a paragraph. An italic-only line
  right under the title (``*…*``) is the standfirst.
* Sections: in a Markdown draft, the headings of its top level (``##``, or ``###`` if it has
  no ``##``); otherwise a short line without sentence-final punctuation followed by a longer
  paragraph (or by a list or quote), or a line naming a section kind. A
  heading naming a ``SectionKind`` (name or label, any case, optional colon) gets that kind;
  "Kind: Heading" gets the kind and keeps its own heading; any other is a free section.
* A paragraph that is entirely a quotation becomes a blockquote, with a following
  "— Name" line as its attribution; "•" lists become Markdown lists.
* Left out, and reported: the affiliate disclosure ("Disclosure:", "Affiliate Disclosure:",
  or a paragraph about commissions on links, at the top or the end), a "Name – pitch" promo
  line after it (offered as a product box when an affiliate link has that name), and
  platform chrome ("Leave a comment", "Share", "Subscribe"…) after the last paragraph.

A draft written by ``export_article`` starts with the export marker; ``blog.exporter`` reads
it exactly, as the Markdown it is, so that an export imports back to the same article. The
plan's types and the report live in ``blog.import_plan``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from itertools import pairwise

from . import extensions, markup
from .draft_footnotes import (
    bare_note_number,
    is_notes_heading,
    link_markers,
    markers_in,
    note_number,
)
from .draft_furniture import (
    REASON_BYLINE,
    chrome_strength,
    find_furniture,
    is_credit,
    is_title_case,
    name_line,
)
from .draft_furniture import reason as furniture_reason
from .draft_text import (
    CLOSING_QUOTES,
    NUL,
    SENTENCE_END,
    Block,
    ends_sentence,
    is_quotation,
    read_lines,
    spaces,
    split_lines,
    without_trailing_markers,
)
from .exporter import is_export, read_export
from .front_matter import read_front_matter
from .import_plan import (
    REASON_CAPTION,
    REASON_DISCLOSURE,
    REASON_EMPTY_HEADING,
    REASON_FRONT_MATTER,
    REASON_MORE,
    REASON_NOTES_HEADING,
    REASON_REMOTE_IMAGE,
    REASON_REPEATED_DEK,
    REASON_REPEATED_TITLE,
    REASON_REPLACED_TITLE,
    REASON_SEPARATOR,
    DraftError,
    Heading,
    ImportPlan,
    KindIndex,
    PlannedSection,
    ProductOffer,
    ReportLine,
    lines_note,
    read_standfirst,
    report_lines,
)
from .models import SectionKind

__all__ = [
    "MAX_DRAFT_BYTES",
    "DraftError",
    "ImportPlan",
    "PlannedSection",
    "ProductOffer",
    "ReportLine",
    "decode_draft",
    "lines_note",
    "plan_import",
    "products_named",
    "report_lines",
]

MAX_DRAFT_BYTES = 1024 * 1024


# Words a heading does not end on; a wrapped line of prose often does.
TRAILING_STOPWORDS = frozenset(
    {
        "a", "an", "the", "and", "or", "but", "nor", "of", "to", "with", "from", "that",
        "which", "its", "their", "his", "her", "our", "your", "my", "than",
    }
)  # fmt: skip

_DISCLOSURE_LABEL = re.compile(
    r"^(?:affiliate\s+|advertising\s+)?disclosures?(?:\s+statement)?\s*(?:[:–—]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_COMMISSION_PHRASES = re.compile(
    r"\baffiliate links?\b|\bat no (?:extra|additional) (?:cost|charge)\b|\bamazon associate\b",
    re.IGNORECASE,
)
_COMMISSION = re.compile(r"\bcommissions?\b", re.IGNORECASE)
_COMMISSION_CONTEXT = re.compile(r"\b(?:links?|purchases?|buy|clicks?)\b", re.IGNORECASE)
_PROMO = re.compile(r"^(?P<name>[^\s–—-](?:[^–—]{0,58}?[^\s–—])?)\s+(?:[–—]|--?)\s+\S")
_ATTRIBUTION = re.compile(r"^(?:[—–]|--?)\s*\S")
# Neither part may contain "[": every scan stops where the next link could start, so the
# search is linear (with "[^\]]+" a paste of 30,000 "[" took 13 s).
_MARKDOWN_LINK = re.compile(r"\[([^\[\]]+)\]\([^)\[]*\)")
_MORE = re.compile(r"^<!--\s{0,3}more\s{0,3}-->$", re.IGNORECASE)  # Jekyll/Hugo/WordPress
# A Markdown picture ("![alt](url "title")"); like links, no part may contain "[": linear.
_IMAGE = re.compile(r'!\[([^\[\]\n]{0,500})\]\(([^)\s\[]{1,2000})(?:\s+"[^"\n]{0,300}")?\)')
# A line that is only pictures: "![…](…)", "[![…](…)](link)", "<img …>".
_IMAGE_LINE = re.compile(
    r'^(?:\[?!\[[^\[\]\n]{0,500}\]\([^)\s\[]{1,2000}(?:\s+"[^"\n]{0,300}")?\)'
    r"(?:\]\([^)\s\[]{1,2000}\))?\s*|<img\b[^>]{0,2000}>\s*)+$"
)
_LIST_MARK = re.compile(r"^\s*(?:[-*+•◦▪‣]|\d{1,3}[.)])\s+")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+")
_BOLD_LINE = re.compile(r"^(\*\*|__)(?!\s)(.+?)(?<!\s)\1(:?)$")


LinkFinder = Callable[[Iterable[str]], Mapping[str, int]]


# --- Promo lines (another app may recognise them: blog.extensions.promo_products) --------


def products_named(names: Iterable[str]) -> dict[str, int]:
    """{casefolded name: product id} for the promo names an installed app recognises."""
    names = sorted({name for name in names if name})
    find = extensions.promo_products.get("find")
    return dict(find(names)) if find and names else {}


# --- Reading ------------------------------------------------------------------------------


def plan_import(
    text: str,
    *,
    title: str = "",
    kinds: Iterable[SectionKind] | None = None,
    find_links: LinkFinder = products_named,
    as_heading: Iterable[int] = (),
    as_paragraph: Iterable[int] = (),
) -> ImportPlan:
    """What ``text`` becomes as an article; ``title`` (if given) replaces the detected one.

    ``as_heading`` and ``as_paragraph`` are line numbers the author corrected in the preview:
    a line to read as a section heading, a detected heading to read as a paragraph.
    """
    if NUL in text:
        raise DraftError("The draft contains NUL characters: it is not plain text.")
    if not text.strip():
        raise DraftError("The draft is empty.")
    index = KindIndex(SectionKind.objects.all() if kinds is None else kinds)
    lines = split_lines(text)
    if is_export(lines):
        return read_export(lines, index, title.strip())
    reader = _Reader(lines, index, find_links, set(as_heading), set(as_paragraph))
    return reader.plan(title.strip())


def decode_draft(data: bytes) -> str:
    """UTF-8 bytes as text; a clear error for anything else (authors fix the encoding)."""
    if len(data) > MAX_DRAFT_BYTES:
        raise DraftError(f"The draft is larger than {MAX_DRAFT_BYTES // 1024 // 1024} MB.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DraftError(
            f"The draft is not UTF-8 text (byte {error.start + 1} cannot be read): "
            "save it as UTF-8 and try again."
        ) from None


def heading_like(
    text: str, *, max_chars: int = 80, max_words: int = 12, names_kind: bool = False
) -> bool:
    """Short, starting like a heading, not ending like a sentence (or on "and", "the"…).

    A line that names a section kind may end with a colon and start in lower case.
    """
    text = spaces(text)
    words = text.split()
    if not text or len(text) > max_chars or len(words) > max_words:
        return False
    if text[0] in "“\"„«‘'(—–-•*>" or (text[0].islower() and not names_kind):
        return False
    last = without_trailing_markers(text)[-1:]  # "…in 2019.[21]" ends a sentence
    if last in SENTENCE_END or last in CLOSING_QUOTES or last in ",;":
        return False
    if last == ":" and not names_kind:
        return False
    return words[-1].rstrip(":").casefold() not in TRAILING_STOPWORDS


def _plain(text: str) -> str:
    """A line without Markdown decoration, for matching: # marks, bold, links."""
    text = _MARKDOWN_LINK.sub(r"\1", re.sub(r"^#+\s*", "", spaces(text)))
    return re.sub(r"\*\*|__", "", text).strip("*_ ")


def _is_chrome(block: Block) -> bool:
    if block.kind not in ("paragraph", "heading") or len(block.lines) > 2:
        return False
    text = block.heading if block.kind == "heading" else block.text
    return bool(chrome_strength(_plain(text)))


def _furniture_text(block: Block) -> str:
    """A short block's words for the furniture pass; "" for blocks that cannot be furniture."""
    if block.kind == "list" and len(block.lines) <= 12:
        # Share buttons as a list ("- [Twitter](…)"): furniture if every item is.
        items = [_plain(_LIST_MARK.sub("", text)) for _, text in block.lines if text.strip()]
        return items[0] if all(chrome_strength(item) for item in items) else ""
    if block.kind == "heading":
        return _plain(block.heading)
    if block.kind != "paragraph" or len(block.lines) > 2 or len(block.text) > 600:
        return ""
    return _plain(block.text)


def _disclosure_label(block: Block) -> re.Match | None:
    if block.kind not in ("paragraph", "heading"):
        return None
    return _DISCLOSURE_LABEL.match(_plain(block.heading if block.kind == "heading" else block.text))


def _about_commissions(block: Block) -> bool:
    text = block.text
    return block.kind == "paragraph" and bool(
        _COMMISSION_PHRASES.search(text)
        or (_COMMISSION.search(text) and _COMMISSION_CONTEXT.search(text))
    )


def _promo_name(block: Block) -> str:
    if block.kind != "paragraph" or len(block.lines) != 1:
        return ""
    match = _PROMO.match(_plain(block.text))
    name = match.group("name").strip() if match else ""
    return name if name and len(name.split()) <= 6 and not name[0].islower() else ""


def _standfirst(block: Block | None) -> str:
    if block is None or block.kind != "paragraph" or len(block.lines) != 1:
        return ""
    return read_standfirst(block.text)


class _Reader:
    """One draft, read in passes; each pass gives some blocks a role ("" is content)."""

    DROPPED = frozenset(
        {
            "disclosure", "promo", "chrome", "separator", "replaced-title", "empty-heading",
            "furniture", "repeated", "notes-heading", "image",
        }
    )  # fmt: skip

    def __init__(
        self,
        lines: list[str],
        kinds: KindIndex,
        find_links: LinkFinder,
        as_heading: set[int] = frozenset(),
        as_paragraph: set[int] = frozenset(),
    ):
        self.kinds = kinds
        self.find_links = find_links
        self.as_heading, self.as_paragraph = as_heading, as_paragraph
        self.lines = lines
        self.matter = read_front_matter(lines)
        skip = self.matter.end if self.matter else 0
        self.blocks = read_lines([""] * skip + lines[skip:]).blocks
        # Keyed by id(block): blocks are mutable dataclasses, so not hashable themselves.
        self.role: dict[int, str] = {}
        self.reason: dict[int, str] = {}
        self.headings: dict[int, Heading] = {}
        self.quoted: set[int] = set()  # paragraphs that become blockquotes
        self.attribution: dict[int, Block] = {}  # quote → its "— Name" line
        self.products: list[ProductOffer] = []
        self.notes: list[tuple[int, str, int]] = []  # (number, text, line) of pasted notes
        self.plain_paragraphs: set[int] = set()  # Markdown headings the author made text
        self.image_links: set[int] = set()  # paragraphs whose remote pictures become links

    def role_of(self, block: Block) -> str:
        return self.role.get(id(block), "")

    def drop(self, block: Block, role: str, reason: str) -> None:
        self.role[id(block)] = role
        self.reason[id(block)] = reason

    def content(self) -> list[Block]:
        return [block for block in self.blocks if not self.role_of(block)]

    def plan(self, given_title: str) -> ImportPlan:
        matter = self.matter if self.matter and self.matter.readable else None
        self.find_disclosures_and_promos()
        byline = self.find_furniture()
        self.find_notes()
        self.find_remote_images()
        title, title_line, title_block = "", None, None
        if matter and matter.title:
            title, title_line = matter.title, self.matter_line("title")
            self.drop_repeats(title, REASON_REPEATED_TITLE, first_only=True)
        else:
            title_block = self.find_title()
            title = self.title_text(title_block) if title_block else ""
            title_line = title_block.number if title_block else None
        replaced = bool(title and given_title and given_title != title)
        if title_block is not None:
            if replaced:
                self.drop(title_block, "replaced-title", REASON_REPLACED_TITLE)
            else:
                self.role[id(title_block)] = "title"
            self.drop_repeats(title, REASON_REPEATED_TITLE)
        dek = matter.standfirst if matter else ""
        if dek:
            self.drop_repeats(dek, REASON_REPEATED_DEK, first_only=True)
        elif dek_block := self.find_dek(title_block):
            self.role[id(dek_block)] = "dek"
            dek = self.dek_text(dek_block)
            self.drop_repeats(dek, REASON_REPEATED_DEK)
        self.headings = self.find_headings(self.content())
        self.find_quotes()
        intro, sections = self.assemble()
        body = [block for block in self.content() if id(block) not in self.headings]
        return ImportPlan(
            title=given_title or title,
            title_line=title_line if not replaced else None,
            title_given=bool(given_title) and given_title != title,
            dek=dek,
            intro=intro,
            intro_blocks=len([b for b in body if self.section_of.get(id(b)) is None]),
            sections=tuple(sections),
            quote_lines=tuple(block.number for block in body if self.is_quote(block)),
            list_lines=tuple(block.number for block in body if block.kind == "list"),
            not_imported=tuple(self.report()),
            products=tuple(self.products),
            exact=False,
            tags=tuple(matter.tags) if matter else (),
            date=matter.date_text if matter else "",
            byline=(matter.author if matter and matter.author else byline),
            footnote_lines=tuple(sorted(line for _, _, line in self.notes)),
            heading_candidates=tuple(self.heading_candidates(body)),
        )

    def matter_line(self, key: str) -> int | None:
        return next((n for n, k in self.matter.line_keys.items() if k == key), None)

    # Pass 1: the disclosure, promo lines after it, platform chrome at the end.
    def find_disclosures_and_promos(self) -> None:
        blocks = self.blocks
        commission: set[int] = set()
        for index, block in enumerate(blocks):
            if self.role_of(block):
                continue
            label = _disclosure_label(block)
            if label:
                self.drop(block, "disclosure", REASON_DISCLOSURE)
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if not label.group("rest") and following and following.kind == "paragraph":
                    self.drop(following, "disclosure", REASON_DISCLOSURE)
            elif _about_commissions(block):
                commission.add(id(block))
        promo_names: dict[int, str] = {}
        for previous, block in pairwise(blocks):
            after_disclosure = (
                self.role_of(previous) == "disclosure"
                or id(previous) in commission
                or id(previous) in promo_names
            )
            if after_disclosure and (name := _promo_name(block)):
                promo_names[id(block)] = name
        tail = self.drop_trailing_chrome(skip=commission | promo_names.keys())
        # A paragraph about commissions is the disclosure only at the top (before anything
        # but a headline) or at the end: in the body it may be about the European Commission.
        before: list[Block] = []
        for index, block in enumerate(blocks):
            at_top = not before or (len(before) == 1 and _reads_as_headline(before[0]))
            if id(block) in commission and (index >= tail or at_top):
                self.drop(block, "disclosure", REASON_DISCLOSURE)
            if not self.role_of(block):
                before.append(block)
        links = self.find_links(promo_names.values()) if promo_names else {}
        for index, block in enumerate(blocks):
            name = promo_names.get(id(block))
            if name is None or self.role_of(blocks[index - 1]) not in ("disclosure", "promo"):
                continue
            link_id = links.get(name.casefold())
            # At the top, "Belarus – The Thaw That Wasn't" after a disclosure is a headline.
            if index >= tail or link_id or not heading_like(block.text, max_chars=150):
                self.drop(block, "promo", _promo_reason(name, link_id))
                if link_id and all(offer.link_id != link_id for offer in self.products):
                    self.products.append(ProductOffer(name, block.number, link_id))

    def drop_trailing_chrome(self, skip: set[int]) -> int:
        """Mark chrome after the last paragraph; returns the index where that tail begins."""
        for index in range(len(self.blocks) - 1, -1, -1):
            block = self.blocks[index]
            if self.role_of(block) or id(block) in skip:
                continue
            if _is_chrome(block):
                self.drop(block, "chrome", furniture_reason(_furniture_text(block)))
            elif block.kind == "rule":
                self.drop(block, "separator", REASON_SEPARATOR)
            else:
                return index + 1
        return 0

    # Pass 2: page furniture anywhere (buttons, counters, paywall, byline, date, bios).
    def find_furniture(self) -> str:
        """Drop the furniture; returns the byline's name, if the draft has one."""
        content = self.content()
        found = find_furniture(content, _furniture_text)
        byline = ""
        for position, reason in found.items():
            block = content[position]
            if block.number in self.as_heading:
                continue  # the author says it is a heading
            self.drop(block, "furniture", reason)
            if reason == REASON_BYLINE and not byline:
                byline = name_line(_furniture_text(block))
        return byline

    # Pass 3: pasted notes at the end become footnotes of the text that refers to them.
    def find_notes(self) -> None:
        content = self.content()
        for loose in (False, True):
            position = len(content)
            items: list[tuple[int, str, int]] = []
            note_blocks: list[Block] = []
            paired: dict[int, int] = {}  # a bare number's line → its note's line
            while position > 0:
                block = content[position - 1]
                block_items = _note_items(block, loose=loose)
                if block_items is None and position > 1:
                    # "1" on a line of its own, the note's text under it (Substack).
                    number = _bare_note(content[position - 2])
                    if number is not None and block.kind == "paragraph":
                        line = content[position - 2].number
                        items[:0] = [(number, spaces(block.text), line)]
                        paired[line] = block.number
                        note_blocks[:0] = [content[position - 2], block]
                        position -= 2
                        continue
                if block_items is None:
                    break
                items[:0] = block_items
                note_blocks.insert(0, block)
                position -= 1
            heading = content[position - 1] if position > 0 else None
            has_heading = heading is not None and is_notes_heading(_furniture_text(heading))
            if items and (has_heading or not loose):
                break
        else:
            return
        if not items:
            return
        numbers = [number for number, _, _ in items]
        text = "\n".join(block.text for block in content[:position])
        referred = markers_in(text) & set(numbers)
        ascending = sum(1 for a, b in pairwise(numbers) if b > a) >= 0.8 * (len(numbers) - 1)
        if not ascending or not (has_heading or len(referred) * 2 >= len(set(numbers))):
            return
        if not referred:
            return  # notes no marker points to: they stay where they are, as written
        self.notes = [item for item in items if item[0] in referred]
        unreferred = [item for item in items if item[0] not in referred]
        for block in note_blocks:
            self.role[id(block)] = "notes"
        if unreferred:
            # Notes without a marker stay as a list at the end (under their heading, if any).
            keep = {line for _, _, line in unreferred}
            keep |= {paired[line] for line in keep if line in paired}
            for block in note_blocks:
                if any(number in keep for number, _ in block.lines):
                    del self.role[id(block)]
                    block.lines = [(n, t) for n, t in block.lines if n in keep or not t.strip()]
                    block.kind = (
                        "list" if len(block.lines) > 1 or block.kind == "list" else "paragraph"
                    )
        elif has_heading:
            self.drop(heading, "notes-heading", REASON_NOTES_HEADING)

    # Pass 3b: pictures on other servers, which an article may not show (blog.markup).
    def find_remote_images(self) -> None:
        """A line that is only such a picture is reported (upload it, then add it); one inside
        a paragraph becomes a link to it, so the paragraph's words are kept."""
        for block in self.content():
            if block.kind == "paragraph" and _MORE.match(block.text):
                self.drop(block, "image", REASON_MORE)
                continue
            if block.kind != "paragraph" or ("![" not in block.text and "<img" not in block.text):
                continue
            problems = markup.check_markdown(block.markdown())
            if not problems:
                continue
            if all(_IMAGE_LINE.match(spaces(text)) for _, text in block.lines if text.strip()):
                self.drop(block, "image", REASON_REMOTE_IMAGE)
                # Its caption (an italic line, or a credit) would stand alone: left out too.
                index = _index(self.blocks, block) + 1
                caption = self.blocks[index] if index < len(self.blocks) else None
                if (
                    caption is not None
                    and caption.kind == "paragraph"
                    and len(caption.lines) == 1
                    and not self.role_of(caption)
                    and (is_credit(caption.text) or read_standfirst(caption.text))
                ):
                    self.drop(caption, "image", REASON_CAPTION)
            else:
                self.image_links.add(id(block))

    # Pass 4: title and standfirst.
    def find_title(self) -> Block | None:
        content = self.content()
        if not content:
            return None
        first = content[0]
        if first.number in self.as_paragraph or first.number in self.as_heading:
            return None
        if first.kind == "heading":
            if first.level == 1:
                return first
            level = section_level(content[1:])
            lone = (
                sum(
                    1 for block in content if block.kind == "heading" and block.level == first.level
                )
                == 1
            )
            return first if lone and (level is None or first.level < level) else None
        following = content[1] if len(content) > 1 else None
        if (
            first.kind != "paragraph"
            or len(first.lines) != 1
            or following is None
            or following.kind != "paragraph"
        ):
            return None
        text = self.title_text(first)
        if is_credit(text):
            return None
        if not heading_like(text, max_chars=150, max_words=20) and not (
            # "Is NATO Ready?" heads a copied page when the page's byline or a repeat follows.
            text[-1:] in "?!" and is_title_case(text) and self.page_header(first, content)
        ):
            return None
        if self.kinds.resolve(text).names_kind:
            return None  # "Conclusion" or "Deep Dive: …" opens a section, not the article
        if _standfirst(following) or self.plain_dek(content, 1):
            return first
        return first if id(following) not in self.find_headings(content) else None

    def page_header(self, block: Block, content: list[Block]) -> bool:
        """The page's furniture (byline, date, counters) comes within three blocks of it, or
        the page shows it again."""
        index = _index(self.blocks, block)
        near = self.blocks[index + 1 : index + 4]
        if any(self.role_of(other) == "furniture" for other in near):
            return True
        return any(_same(block.text, other.text) for other in content[1:] if _one_line(other))

    def title_text(self, block: Block) -> str:
        if block.kind == "heading":
            return block.heading
        bold = _BOLD_LINE.match(block.text)
        return bold.group(2) if bold else block.text

    def find_dek(self, title_block: Block | None) -> Block | None:
        if title_block is None:
            return None
        after = self.blocks[_index(self.blocks, title_block) + 1 :]
        content = [block for block in after if not self.role_of(block)]
        position = 0
        following = content[0] if content else None
        if following is None or following.number in self.as_heading:
            return None
        if _standfirst(following):
            return following
        if following.kind == "heading" and title_block.kind == "heading":
            # "# Title" then a lone "### Subtitle" over "## Sections"
            level = section_level(content[1:])
            lone = (
                sum(1 for b in content if b.kind == "heading" and b.level == following.level) == 1
            )
            if (
                lone
                and following.level > title_block.level
                and (level is None or following.level > level)
            ):
                return following if len(following.heading) <= 300 else None
            return None
        return following if self.plain_dek(content, position) else None

    def plain_dek(self, content: list[Block], position: int) -> bool:
        """A plain line right under the title that reads as its subtitle."""
        block = content[position]
        if block.kind != "paragraph" or len(block.lines) != 1 or position + 1 >= len(content):
            return False
        text = spaces(block.text)
        if len(text) > 300 or is_quotation(text) or self.kinds.resolve(text).names_kind:
            return False
        # The page put furniture (byline, date, counters) or a repeat of it right after it.
        index = _index(self.blocks, block)
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        if following is not None and self.role_of(following) == "furniture":
            return True
        if any(_same(text, self.title_text(other)) for other in content[position + 1 :]):
            return True
        words = text.split()
        return (
            not ends_sentence(text)
            and len(words) >= 5
            and not is_title_case(text)
            and text[:1].isupper()
        )

    def dek_text(self, block: Block) -> str:
        if block.kind == "heading":
            return block.heading
        return _standfirst(block) or spaces(block.text)

    def drop_repeats(self, text: str, reason: str, first_only: bool = False) -> None:
        """The title or standfirst shown again by the page (as a line of its own)."""
        for block in self.content():
            single = block.kind == "heading" or (
                block.kind == "paragraph" and len(block.lines) == 1
            )
            if single and _same(text, self.title_text(block)):
                self.drop(block, "repeated", reason)
            elif first_only:
                return
            if first_only:
                return

    # Pass 5: section headings.
    def find_headings(self, content: list[Block]) -> dict[int, Heading]:
        """Markdown headings of the level that structures the draft; in plain text, lines
        that read as headings; then the author's corrections."""
        level = section_level(content)
        headings: dict[int, Heading] = {}
        if level is not None:
            headings = {
                id(block): self.kinds.resolve(block.heading)
                for block in content
                if block.kind == "heading" and block.level <= level
            }
        else:
            # From the end, so a heading knows whether the line after it is a heading too.
            for position in range(len(content) - 1, -1, -1):
                if heading := self.plain_heading(content, position, headings):
                    headings[id(content[position])] = heading
            headings |= self.question_headings(content, headings)
        for block in content:
            if block.number in self.as_paragraph:
                headings.pop(id(block), None)
                if block.kind == "heading":
                    self.plain_paragraphs.add(id(block))
            elif block.number in self.as_heading and _one_line(block):
                headings[id(block)] = self.kinds.resolve(self.heading_text(block))
        return headings

    def heading_text(self, block: Block) -> str:
        if block.kind == "list":
            return spaces(block.lines[0][1])
        return self.title_text(block)

    def plain_heading(
        self, content: list[Block], position: int, headings_after: dict[int, Heading]
    ) -> Heading | None:
        """A line standing alone between paragraphs that reads as a heading."""
        block = content[position]
        following = content[position + 1] if position + 1 < len(content) else None
        previous = content[position - 1] if position else None
        numbered = block.kind == "list" and len(block.lines) == 1 and _NUMBERED.match(block.text)
        if (
            not (block.kind == "paragraph" or numbered)
            or len(block.lines) != 1
            or following is None
            or following.kind in ("heading", "rule")
            or id(following) in headings_after
        ):
            return None
        text = self.heading_text(block)
        heading = self.kinds.resolve(text)
        if heading.names_kind:
            named = heading_like(text, max_chars=120, max_words=16, names_kind=True)
            return heading if named else None
        if previous is not None and previous.kind == "paragraph" and previous.text.endswith(":"):
            return None  # "…was blunt:" introduces what follows
        if numbered:
            # "1. Origins…" alone between paragraphs, not an item of a list.
            if following.kind != "paragraph" or (previous is not None and previous.kind == "list"):
                return None
            core = text[numbered.end() :].strip()
            return heading if _reads_as_heading(core, following) else None
        return heading if _reads_as_heading(text, following) else None

    def question_headings(
        self, content: list[Block], headings: dict[int, Heading]
    ) -> dict[int, Heading]:
        """Short sentence-case questions standing alone between paragraphs, when they are
        the draft's rhythm: at least two, and no fewer than its other free headings."""
        questions: dict[int, Heading] = {}
        for position, block in enumerate(content[:-1]):
            previous = content[position - 1] if position else None
            following = content[position + 1]
            text = spaces(block.text)
            if (
                block.kind != "paragraph"
                or len(block.lines) != 1
                or id(block) in headings
                or id(following) in headings
                or following.kind != "paragraph"
                or not text.endswith("?")
                or len(text.split()) > 14
                or not text[:1].isupper()
                or is_quotation(text)
                or (previous is not None and previous.kind == "paragraph"
                    and (previous.text.endswith(":") or previous.text.endswith("?")))
                or len(spaces(following.text)) <= 2 * len(text)
            ):  # fmt: skip
                continue
            questions[id(block)] = self.kinds.resolve(text)
        free = sum(1 for heading in headings.values() if not heading.names_kind)
        return questions if len(questions) >= 2 and len(questions) >= free else {}

    def heading_candidates(self, body: list[Block]) -> list[tuple[int, str]]:
        """Single short lines of the text, which the author may make headings."""
        return [
            (block.number, spaces(block.text))
            for block in body
            if block.kind in ("paragraph", "list", "heading")
            and _one_line(block)
            and len(spaces(block.text)) <= 200
        ]

    # Pass 6: quotations and their attributions.
    def find_quotes(self) -> None:
        content = [block for block in self.content() if id(block) not in self.headings]
        for position, block in enumerate(content):
            following = content[position + 1] if position + 1 < len(content) else None
            if block.kind == "paragraph" and is_quotation(block.text):
                self.quoted.add(id(block))
            if self.is_quote(block) and following is not None and _is_attribution(following):
                self.attribution[id(block)] = following
                self.role[id(following)] = "attribution"

    def is_quote(self, block: Block) -> bool:
        return block.kind == "quote" or id(block) in self.quoted

    def block_markdown(self, block: Block) -> str:
        if id(block) in self.quoted:
            text = "\n".join(f"> {line.strip()}" for _, line in block.lines)
        elif id(block) in self.plain_paragraphs:
            text = block.heading
        else:
            text = block.markdown()
        if id(block) in self.image_links:
            text = _IMAGE.sub(r"[\1](\2)", text)
        attribution = self.attribution.get(id(block))
        if attribution is not None:
            line = attribution.lines[0][1].strip()
            # "- Name" inside the quote would start a list: escape the hyphen.
            text += "\n> " + ("\\" + line if line.startswith("-") else line)
        return text

    # Pass 7: the lede and the sections, with the footnotes where they are referred to.
    def assemble(self) -> tuple[str, list[PlannedSection]]:
        parts: list[list[str]] = [[]]  # the lede, then one body per section
        starts: list[Block] = []
        self.section_of: dict[int, int] = {}
        for block in self.content():
            if id(block) in self.headings:
                starts.append(block)
                parts.append([])
            else:
                parts[-1].append(self.block_markdown(block))
                if starts:
                    self.section_of[id(block)] = len(starts)
        texts = ["\n\n".join(part) for part in parts]
        texts = self.attach_notes(texts)
        planned = []
        for block, body in zip(starts, texts[1:], strict=True):
            if not body:
                self.drop(block, "empty-heading", REASON_EMPTY_HEADING)
                continue
            heading = self.headings[id(block)]
            planned.append(
                PlannedSection(
                    kind_slug=heading.kind_slug,
                    heading=heading.heading,
                    display_heading=self.kinds.display(heading.kind_slug, heading.heading),
                    body=body,
                    line=block.number,
                )
            )
        return texts[0], planned

    def attach_notes(self, texts: list[str]) -> list[str]:
        """Each note after the text (lede or section) that first refers to it, as ``[^n]``."""
        if not self.notes:
            return texts
        where: dict[int, list[tuple[int, str]]] = {}
        markers = [markers_in(text) for text in texts]
        for number, note, _ in self.notes:
            target = next((i for i, found in enumerate(markers) if number in found), None)
            if target is None:
                target = len(texts) - 1
            where.setdefault(target, []).append((number, note))
        texts = list(texts)
        for index, notes in where.items():
            numbers = {number for number, _ in notes}
            definitions = "\n\n".join(f"[^{number}]: {note}" for number, note in notes)
            texts[index] = link_markers(texts[index], numbers).rstrip() + "\n\n" + definitions
        return texts

    def report(self) -> list[ReportLine]:
        lines = [
            ReportLine(number, text.strip(), self.reason[id(block)])
            for block in self.blocks
            if self.role_of(block) in self.DROPPED
            for number, text in block.lines
            if text.strip()
        ]
        if self.matter:
            lines += self.front_matter_report()
        return sorted(lines, key=lambda line: line.line)

    def front_matter_report(self) -> list[ReportLine]:
        matter = self.matter
        uses = {
            "title": "used as the title",
            "tags": "used as tags",
            "categories": "used as tags",
            "taxonomies.tags": "used as tags",
            "taxonomies.categories": "used as tags",
            "date": "not imported",
            "author": "not imported: the author is who imports it",
        }
        if matter.standfirst_key:
            uses[matter.standfirst_key] = (
                "used as the standfirst"
                if matter.standfirst
                else "not imported: a standfirst has at most 300 characters"
            )
        report = []
        for index in range(matter.start, matter.end):
            number, text = index + 1, self.lines[index].strip()
            if not text:
                continue
            if not matter.readable:
                reason = f"{REASON_FRONT_MATTER} ({matter.error}: nothing in it was used)"
            elif number in matter.line_keys:
                key = matter.line_keys[number]
                use = uses.get(key.removeprefix("extra.").removeprefix("params."), "not imported")
                reason = f"{REASON_FRONT_MATTER} ({matter.syntax} “{key}”: {use})"
            else:
                reason = f"{REASON_FRONT_MATTER} ({matter.syntax} delimiter)"
            report.append(ReportLine(number, text, reason))
        return report


def section_level(content: list[Block]) -> int | None:
    """The Markdown heading level that structures the text: the highest level with several
    headings that are each followed by prose (else with one), not merely the highest used."""
    followed: dict[int, int] = {}
    levels: set[int] = set()
    for position, block in enumerate(content):
        if block.kind != "heading":
            continue
        levels.add(block.level)
        following = content[position + 1] if position + 1 < len(content) else None
        if following is not None and following.kind != "heading":
            followed[block.level] = followed.get(block.level, 0) + 1
    several = [level for level, count in followed.items() if count >= 2]
    if several:
        return min(several)
    if followed:
        return min(followed)
    return min(levels) if levels else None


def _reads_as_heading(text: str, following: Block) -> bool:
    """A short line, or a longer one in title case (a question too), before longer text."""
    text = spaces(text)
    if is_credit(text):
        return False  # "Photo: Reuters" under a picture the paste lost
    if following.kind == "paragraph" and len(spaces(following.text)) <= len(text):
        return False
    if heading_like(text):
        return True
    if not text or text[0] in "“\"„«‘'(—–-•*>" or not (text[0].isupper() or text[0].isdigit()):
        return False
    # Longer than 12 words, or ending in "?" or "!": a heading only in title case.
    stripped = without_trailing_markers(text)
    if stripped[-1:] in ".…,;:" or stripped[-1:] in CLOSING_QUOTES:
        return False
    return len(text) <= 200 and len(text.split()) <= 30 and is_title_case(text)


def _index(blocks: list[Block], block: Block) -> int:
    """The block's position (by identity: two blocks may hold equal text)."""
    return next(i for i, other in enumerate(blocks) if other is block)


def _one_line(block: Block) -> bool:
    return block.kind == "heading" or (
        block.kind in ("paragraph", "list") and len([1 for _, t in block.lines if t.strip()]) == 1
    )


def _same(text: str, other: str) -> bool:
    return bool(text) and spaces(_plain(text)).casefold() == spaces(_plain(other)).casefold()


def _bare_note(block: Block) -> int | None:
    if block.kind not in ("paragraph", "list") or len(block.lines) != 1:
        return None
    return bare_note_number(block.lines[0][1])


def _note_items(block: Block, *, loose: bool = False) -> list[tuple[int, str, int]] | None:
    """(number, text, line) for each note of a block made only of pasted notes, else None."""
    if block.kind not in ("list", "paragraph"):
        return None
    items: list[tuple[int, str, int]] = []
    for number, line in block.lines:
        if not line.strip():
            continue
        note = note_number(line, loose=loose)
        if note is None:
            if not items:
                return None
            # A wrapped note goes on: join its line to the note above.
            previous = items[-1]
            items[-1] = (previous[0], previous[1] + " " + spaces(line), previous[2])
            continue
        items.append((note[0], note[1], number))
    return items or None


def _reads_as_headline(block: Block) -> bool:
    if block.kind == "heading":
        return block.level == 1
    return block.kind == "paragraph" and heading_like(block.text, max_chars=150, max_words=20)


def _is_attribution(block: Block) -> bool:
    """ "— Name", "– Name" or "- Name" on one short line."""
    if block.kind not in ("paragraph", "list") or len(block.lines) != 1:
        return False
    text = block.lines[0][1].strip()
    return bool(_ATTRIBUTION.match(text)) and len(text.split()) <= 12


def _promo_reason(name: str, link_id: int | None) -> str:
    if "find" not in extensions.promo_products:
        return "promo line"
    if link_id is None:
        return f"promo line (no affiliate link named “{name}”)"
    return f"promo line (becomes the product box of the affiliate link “{name}”)"
