"""Stream a WordPress export (WXR 1.0–1.2) into small plain records, one element at a time.

``read_wxr(path)`` yields ``Site``, ``Author``, ``Term`` and ``Item`` records in file order.
The file is parsed with defusedxml's ``iterparse`` (a DTD, entity declarations and external
references are refused), and each top-level element is dropped from the tree once read, so
memory stays flat however long the file is. Namespaces are matched by meaning, not by URI, so
``http://`` and ``https://wordpress.org/export/1.x/`` exports read the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse


class WXRError(ValueError):
    """The file cannot be imported as it is; the message says why, for the site owner."""


_NAMESPACES = (
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/$"), "wp"),
    (re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/$"), "content"),
    (re.compile(r"^https?://purl\.org/dc/elements/1\.1/$"), "dc"),
)
_known_uris: dict[str, str] = {}


def _name(tag: str) -> str:
    """ "{https://wordpress.org/export/1.2/}post_id" → "wp:post_id"; other names unchanged."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    prefix = _known_uris.get(uri)
    if prefix is None:
        prefix = next((p for pattern, p in _NAMESPACES if pattern.match(uri)), "?")
        _known_uris[uri] = prefix
    return f"{prefix}:{local}"


def _text(element, child: str, default: str = "") -> str:
    for node in element:
        if _name(node.tag) == child:
            return node.text or ""
    return default


def _fields(element) -> dict[str, str]:
    """{name: text} of the element's children (the first of each name), in one pass."""
    fields: dict[str, str] = {}
    for node in element:
        fields.setdefault(_name(node.tag), node.text or "")
    return fields


def parse_gmt(value: str) -> datetime | None:
    """ "2012-01-07 12:30:00" (UTC) → an aware datetime; WordPress's zero date → None."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass
class Site:
    title: str
    link: str
    base_site_url: str
    base_blog_url: str
    wxr_version: str


@dataclass
class Author:
    login: str
    email: str
    display_name: str
    first_name: str
    last_name: str


@dataclass
class Term:
    """A category or tag declared at the top of the file."""

    taxonomy: str  # "category", "post_tag" or another taxonomy
    term_id: str
    slug: str
    name: str


@dataclass
class CommentRecord:
    comment_id: str
    author: str
    email: str
    url: str
    ip: str
    date_gmt: datetime | None
    date_local: datetime | None
    content: str
    approved: str
    comment_type: str
    parent: str


@dataclass
class Item:
    """A post, page, attachment, menu item, affiliate link… with its comments."""

    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    post_id: str
    date_gmt: datetime | None
    date_local: datetime | None
    comment_status: str
    post_name: str
    status: str
    post_parent: str
    post_type: str
    password: str
    is_sticky: bool
    attachment_url: str
    categories: list[tuple[str, str, str]] = field(default_factory=list)  # domain, slug, name
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[CommentRecord] = field(default_factory=list)


def _author(element) -> Author:
    return Author(
        login=_text(element, "wp:author_login").strip(),
        email=_text(element, "wp:author_email").strip(),
        display_name=_text(element, "wp:author_display_name").strip(),
        first_name=_text(element, "wp:author_first_name").strip(),
        last_name=_text(element, "wp:author_last_name").strip(),
    )


def _term(element, name: str) -> Term:
    if name == "wp:category":
        return Term(
            "category",
            _text(element, "wp:term_id").strip(),
            _text(element, "wp:category_nicename").strip(),
            _text(element, "wp:cat_name").strip(),
        )
    if name == "wp:tag":
        return Term(
            "post_tag",
            _text(element, "wp:term_id").strip(),
            _text(element, "wp:tag_slug").strip(),
            _text(element, "wp:tag_name").strip(),
        )
    return Term(
        _text(element, "wp:term_taxonomy").strip(),
        _text(element, "wp:term_id").strip(),
        _text(element, "wp:term_slug").strip(),
        _text(element, "wp:term_name").strip(),
    )


def _comment(element) -> CommentRecord:
    f = _fields(element)
    return CommentRecord(
        comment_id=f.get("wp:comment_id", "").strip(),
        author=f.get("wp:comment_author", "").strip(),
        email=f.get("wp:comment_author_email", "").strip(),
        url=f.get("wp:comment_author_url", "").strip(),
        ip=f.get("wp:comment_author_IP", "").strip(),
        date_gmt=parse_gmt(f.get("wp:comment_date_gmt", "")),
        date_local=parse_gmt(f.get("wp:comment_date", "")),
        content=f.get("wp:comment_content", ""),
        approved=f.get("wp:comment_approved", "").strip(),
        comment_type=f.get("wp:comment_type", "").strip(),
        parent=f.get("wp:comment_parent", "").strip(),
    )


def _item(element) -> Item:
    f = _fields(element)
    item = Item(
        title=f.get("title", ""),
        link=f.get("link", "").strip(),
        creator=f.get("dc:creator", "").strip(),
        content=f.get("content:encoded", ""),
        excerpt=f.get("excerpt:encoded", ""),
        post_id=f.get("wp:post_id", "").strip(),
        date_gmt=parse_gmt(f.get("wp:post_date_gmt", "")),
        date_local=parse_gmt(f.get("wp:post_date", "")),
        comment_status=f.get("wp:comment_status", "").strip(),
        post_name=f.get("wp:post_name", "").strip(),
        status=f.get("wp:status", "").strip(),
        post_parent=f.get("wp:post_parent", "").strip(),
        post_type=f.get("wp:post_type", "").strip(),
        password=f.get("wp:post_password", ""),
        is_sticky=f.get("wp:is_sticky", "").strip() == "1",
        attachment_url=f.get("wp:attachment_url", "").strip(),
    )
    for node in element:
        name = _name(node.tag)
        if name == "category":
            item.categories.append(
                (node.get("domain", ""), node.get("nicename", ""), (node.text or "").strip())
            )
        elif name == "wp:postmeta":
            key = _text(node, "wp:meta_key").strip()
            if key:
                item.meta[key] = _text(node, "wp:meta_value")
        elif name == "wp:comment":
            item.comments.append(_comment(node))
    return item


_CHANNEL_FIELDS = {"title", "link", "wp:base_site_url", "wp:base_blog_url", "wp:wxr_version"}


def read_wxr(path) -> Iterator[Site | Author | Term | Item]:
    """The file's records in order; raises ``WXRError`` for anything that is not a WXR file."""
    depth = 0
    channel = None
    header: dict[str, str] = {}
    site_sent = False
    saw_rss = False
    try:
        for event, element in iterparse(
            str(path), events=("start", "end"), forbid_dtd=True, forbid_entities=True,
            forbid_external=True,
        ):  # fmt: skip
            if event == "start":
                depth += 1
                if depth == 1:
                    if element.tag != "rss":
                        raise WXRError("This is not a WordPress export: it is not an RSS file.")
                    saw_rss = True
                elif depth == 2 and element.tag == "channel":
                    channel = element
                continue
            depth -= 1
            if depth != 2 or channel is None:
                continue
            name = _name(element.tag)
            if name in _CHANNEL_FIELDS and not site_sent:
                header[name] = (element.text or "").strip()
            elif not site_sent and name in (
                "wp:author",
                "wp:category",
                "wp:tag",
                "wp:term",
                "item",
            ):
                site_sent = True
                yield _site(header)
            if name == "wp:author":
                yield _author(element)
            elif name in ("wp:category", "wp:tag", "wp:term"):
                yield _term(element, name)
            elif name == "item":
                yield _item(element)
            channel.clear()  # the element is read: keep memory flat
    except (ParseError, DefusedXmlException) as error:
        raise WXRError(f"The file cannot be read as a WordPress export: {error}") from None
    if not saw_rss or not header.get("wp:wxr_version"):
        raise WXRError("This is not a WordPress export: no WXR version (wp:wxr_version) found.")
    if not site_sent:
        yield _site(header)


def _site(header: dict[str, str]) -> Site:
    version = header.get("wp:wxr_version", "")
    if not version:
        raise WXRError("This is not a WordPress export: no WXR version (wp:wxr_version) found.")
    if not re.fullmatch(r"1\.[0-2]", version):
        raise WXRError(f"WXR version {version} is not supported (1.0, 1.1 and 1.2 are).")
    return Site(
        title=header.get("title", ""),
        link=header.get("link", ""),
        base_site_url=header.get("wp:base_site_url", ""),
        base_blog_url=header.get("wp:base_blog_url", "") or header.get("link", ""),
        wxr_version=version,
    )
