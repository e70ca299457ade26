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

from . import extensions
from .draft_text import (
    CLOSING_QUOTES,
    NUL,
    SENTENCE_END,
    Block,
    is_quotation,
    read_draft,
    spaces,
    split_lines,
)
from .exporter import is_export, read_export
from .import_plan import (
    REASON_CHROME,
    REASON_DISCLOSURE,
    REASON_EMPTY_HEADING,
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


# Whole lines (any case, trailing ":" "…" "." ignored) that blog platforms add after a post.
CHROME_LINES = frozenset(
    {
        "leave a comment", "leave a reply", "comment", "comments", "reply", "share",
        "share this", "share this post", "share on facebook", "share on x", "subscribe",
        "subscribe now", "thanks for reading", "like", "like this", "loading", "like loading",
        "related", "restack", "upgrade to paid", "type your email", "print", "email",
        "facebook", "twitter", "x", "linkedin", "reddit", "whatsapp", "telegram", "pinterest",
        "tumblr", "pocket", "more", "discussion about this post", "ready for more",
    }
)  # fmt: skip
CHROME_PREFIXES = ("thanks for reading", "subscribe to ")
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
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
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
) -> ImportPlan:
    """What ``text`` becomes as an article; ``title`` (if given) replaces the detected one."""
    if NUL in text:
        raise DraftError("The draft contains NUL characters: it is not plain text.")
    if not text.strip():
        raise DraftError("The draft is empty.")
    index = KindIndex(SectionKind.objects.all() if kinds is None else kinds)
    lines = split_lines(text)
    if is_export(lines):
        return read_export(lines, index, title.strip())
    return _Reader(text, index, find_links).plan(title.strip())


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
    last = text[-1]
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
    text = re.sub(r"[\s:.…!?]+$", "", _plain(text)).casefold()
    return text in CHROME_LINES or (text.startswith(CHROME_PREFIXES) and len(text.split()) <= 25)


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
        {"disclosure", "promo", "chrome", "separator", "replaced-title", "empty-heading"}
    )

    def __init__(self, text: str, kinds: KindIndex, find_links: LinkFinder):
        self.kinds = kinds
        self.find_links = find_links
        self.blocks = read_draft(text).blocks
        # Keyed by id(block): blocks are mutable dataclasses, so not hashable themselves.
        self.role: dict[int, str] = {}
        self.reason: dict[int, str] = {}
        self.headings: dict[int, Heading] = {}
        self.quoted: set[int] = set()  # paragraphs that become blockquotes
        self.attribution: dict[int, Block] = {}  # quote → its "— Name" line
        self.products: list[ProductOffer] = []

    def role_of(self, block: Block) -> str:
        return self.role.get(id(block), "")

    def drop(self, block: Block, role: str, reason: str) -> None:
        self.role[id(block)] = role
        self.reason[id(block)] = reason

    def content(self) -> list[Block]:
        return [block for block in self.blocks if not self.role_of(block)]

    def plan(self, given_title: str) -> ImportPlan:
        self.find_disclosures_and_promos()
        title_block = self.find_title()
        dek_block = self.find_dek(title_block)
        title = self.title_text(title_block) if title_block else ""
        replaced = bool(title_block and given_title and given_title != title)
        if title_block is not None:
            if replaced:
                self.drop(title_block, "replaced-title", REASON_REPLACED_TITLE)
            else:
                self.role[id(title_block)] = "title"
        if dek_block is not None:
            self.role[id(dek_block)] = "dek"
        self.headings = self.find_headings(self.content())
        self.find_quotes()
        intro, sections = self.assemble()
        body = [block for block in self.content() if id(block) not in self.headings]
        return ImportPlan(
            title=given_title or title,
            title_line=title_block.number if title_block and not replaced else None,
            title_given=bool(given_title) and given_title != title,
            dek=_standfirst(dek_block),
            intro="\n\n".join(intro),
            intro_blocks=len(intro),
            sections=tuple(sections),
            quote_lines=tuple(block.number for block in body if self.is_quote(block)),
            list_lines=tuple(block.number for block in body if block.kind == "list"),
            not_imported=tuple(self.report()),
            products=tuple(self.products),
            exact=False,
        )

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
                self.drop(block, "chrome", REASON_CHROME)
            elif block.kind == "rule":
                self.drop(block, "separator", REASON_SEPARATOR)
            else:
                return index + 1
        return 0

    # Pass 2: title and standfirst.
    def find_title(self) -> Block | None:
        content = self.content()
        if not content:
            return None
        first = content[0]
        if first.kind == "heading" and first.level == 1:
            return first
        following = content[1] if len(content) > 1 else None
        if (
            first.kind != "paragraph"
            or len(first.lines) != 1
            or following is None
            or following.kind != "paragraph"
        ):
            return None
        text = self.title_text(first)
        if not heading_like(text, max_chars=150, max_words=20):
            return None
        if self.kinds.resolve(text).names_kind:
            return None  # "Conclusion" or "Deep Dive: …" opens a section, not the article
        return (
            first
            if _standfirst(following) or id(following) not in self.find_headings(content)
            else None
        )

    def title_text(self, block: Block) -> str:
        if block.kind == "heading":
            return block.heading
        bold = _BOLD_LINE.match(block.text)
        return bold.group(2) if bold else block.text

    def find_dek(self, title_block: Block | None) -> Block | None:
        if title_block is None:
            return None
        content = self.content()
        position = content.index(title_block) + 1
        following = content[position] if position < len(content) else None
        return following if _standfirst(following) else None

    # Pass 3: section headings.
    def find_headings(self, content: list[Block]) -> dict[int, Heading]:
        """Markdown headings of the draft's top level; in plain text, lines that read so."""
        levels = [block.level for block in content if block.kind == "heading"]
        if levels:
            top = min(levels)
            return {
                id(block): self.kinds.resolve(block.heading)
                for block in content
                if block.kind == "heading" and block.level == top
            }
        headings: dict[int, Heading] = {}
        # From the end, so a heading knows whether the line after it is a heading too.
        for position in range(len(content) - 1, -1, -1):
            if heading := self.plain_heading(content, position, headings):
                headings[id(content[position])] = heading
        return headings

    def plain_heading(
        self, content: list[Block], position: int, headings_after: dict[int, Heading]
    ) -> Heading | None:
        """A short line followed by a longer paragraph, or a line naming a section kind."""
        block = content[position]
        following = content[position + 1] if position + 1 < len(content) else None
        if (
            block.kind != "paragraph"
            or len(block.lines) != 1
            or following is None
            or following.kind in ("heading", "rule")
            or id(following) in headings_after
        ):
            return None
        text = self.title_text(block)
        heading = self.kinds.resolve(text)
        if heading.names_kind:
            named = heading_like(text, max_chars=120, max_words=16, names_kind=True)
            return heading if named else None
        previous = content[position - 1] if position else None
        if previous is not None and previous.kind == "paragraph" and previous.text.endswith(":"):
            return None  # "…was blunt:" introduces what follows
        if following.kind == "paragraph" and len(spaces(following.text)) <= len(spaces(text)):
            return None
        return heading if heading_like(text) else None

    # Pass 4: quotations and their attributions.
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
        else:
            text = block.markdown()
        attribution = self.attribution.get(id(block))
        if attribution is not None:
            line = attribution.lines[0][1].strip()
            # "- Name" inside the quote would start a list: escape the hyphen.
            text += "\n> " + ("\\" + line if line.startswith("-") else line)
        return text

    # Pass 5: the lede and the sections.
    def assemble(self) -> tuple[list[str], list[PlannedSection]]:
        intro: list[str] = []
        sections: list[tuple[Block, list[str]]] = []
        for block in self.content():
            if id(block) in self.headings:
                sections.append((block, []))
            else:
                (sections[-1][1] if sections else intro).append(self.block_markdown(block))
        planned = []
        for block, body in sections:
            if not body:
                self.drop(block, "empty-heading", REASON_EMPTY_HEADING)
                continue
            heading = self.headings[id(block)]
            planned.append(
                PlannedSection(
                    kind_slug=heading.kind_slug,
                    heading=heading.heading,
                    display_heading=self.kinds.display(heading.kind_slug, heading.heading),
                    body="\n\n".join(body),
                    line=block.number,
                )
            )
        return intro, planned

    def report(self) -> list[ReportLine]:
        lines = [
            ReportLine(number, text.strip(), self.reason[id(block)])
            for block in self.blocks
            if self.role_of(block) in self.DROPPED
            for number, text in block.lines
            if text.strip()
        ]
        return sorted(lines, key=lambda line: line.line)


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
