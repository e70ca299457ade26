"""Markdown to safe HTML: the one module in Broadsheet that renders and sanitises markup.

Everything that turns user text into HTML (article sections, intros, comments, the affiliate
disclosure) comes through ``render_markdown``, so the sanitising rules live in one place:

* Markdown is rendered first (markdown-it-py, CommonMark plus tables, strikethrough and
  footnotes) and the result is sanitised with bleach from an allowlist — never the reverse.
* bleach's Cleaner is not thread-safe, so a new Cleaner is built for every call.
* Bare URLs and email addresses become links while the Markdown is parsed (markdown-it's
  ``linkify`` through linkify-it-py, fed in bounded pieces by ``blog.linkify``), never inside
  code; bleach's own linkifier took time quadratic in the text and is not used.
* Every step takes time linear in the text: see ``_LinearParser`` and ``bench/pathological.py``.
* ``form``, ``button``, ``input``, ``svg``, ``math``, ``style``, ``iframe`` and ``style=`` are
  in no allowlist; links and images keep only http, https and mailto URLs (or relative ones).
* ``class`` and ``id`` survive only where the renderer itself wrote them (footnotes, fenced
  code's ``language-…``, a link-scheme resolver's class such as ``affiliate-link``): each
  render marks its own values with a random token that the sanitiser requires and then
  removes, so an author's hand-written ``class="affiliate-link"`` or ``id="comment-form"``
  is dropped.
* Images in article text must come from the site's media (``MEDIA_URL``, relative or on the
  media host): any other ``src`` is dropped, and ``check_markdown`` names it so the author
  uploads the picture instead (no hot-linked tracking pixels).
* bleach is end-of-life. The exit plan is nh3 (ammonia): its ``clean()`` takes the same
  tags/attributes/url_schemes allowlists, so only ``_sanitise`` changes.

Other apps extend the renderer without ``blog`` importing them: ``register_link_scheme``
lets an app resolve a custom scheme such as ``[text](aff:slug)`` into a real URL, or
``![alt](image:42)`` into a ``ResolvedImage``: a picture alone in its paragraph becomes a
``<figure>`` with ``srcset``, ``width``/``height`` and a caption (``blog.figures``).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import bleach
from bleach import html5lib_shim
from django.conf import settings
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from mdit_py_plugins.footnote import footnote_plugin

from . import figures
from .figures import ResolvedImage
from .linkify import BoundedLinkify

ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
NUL = "\x00"


class MarkupError(ValueError):
    """Text that cannot be published as written, e.g. a link to an unknown affiliate slug."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class UnresolvedLink(LookupError):
    """Raised by a link resolver when the target does not exist; the message is for authors."""


@dataclass(frozen=True)
class ResolvedLink:
    """What a link-scheme resolver turns ``scheme:target`` into."""

    href: str
    rel: str = ""
    css_class: str = ""
    title: str = ""


# resolver(target, kind, context) -> ResolvedLink (or, for kind "image", a ResolvedImage:
# blog.figures writes the picture's HTML); kind is "link" or "image".
LinkResolver = Callable[[str, str, Mapping[str, Any]], ResolvedLink | ResolvedImage]
_link_resolvers: dict[str, LinkResolver] = {}


def register_link_scheme(scheme: str, resolver: LinkResolver) -> None:
    """Let ``[text](scheme:target)`` in any Markdown be resolved by ``resolver``."""
    scheme = scheme.lower()
    if scheme in ALLOWED_PROTOCOLS or not re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme):
        raise ValueError(f"Cannot register link scheme {scheme!r}.")
    _link_resolvers[scheme] = resolver


def registered_link_schemes() -> frozenset[str]:
    return frozenset(_link_resolvers)


@dataclass(frozen=True)
class Profile:
    """An allowlist plus the Markdown features a kind of text may use."""

    name: str
    tags: frozenset[str]
    attributes: Mapping[str, tuple[str, ...]]
    disabled_rules: tuple[str, ...] = ()
    allow_raw_html: bool = False
    footnotes: bool = False
    typographer: bool = False
    lowest_heading: int = 3
    forced_rel: str = ""
    local_images_only: bool = False


_ARTICLE_TAGS = frozenset(
    {
        "p", "br", "hr", "h3", "h4", "h5", "h6", "blockquote", "cite", "q", "abbr",
        "em", "strong", "b", "i", "s", "del", "ins", "mark", "small", "sub", "sup",
        "code", "pre", "kbd", "samp", "var",
        "ul", "ol", "li", "dl", "dt", "dd",
        "a", "img", "figure", "figcaption",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
        "section", "div", "span",
    }
)  # fmt: skip

ARTICLE = Profile(
    name="article",
    tags=_ARTICLE_TAGS,
    attributes={
        "a": ("href", "title", "rel", "class", "id"),
        "img": ("src", "srcset", "sizes", "alt", "title", "width", "height", "loading", "decoding"),
        "figure": ("class",),
        "abbr": ("title",),
        "ol": ("start", "reversed", "class"),
        "li": ("id", "class"),
        "sup": ("id", "class"),
        "section": ("class",),
        "div": ("class",),
        "span": ("class",),
        "code": ("class",),
        "hr": ("class",),
        "th": ("align", "colspan", "rowspan", "scope"),
        "td": ("align", "colspan", "rowspan"),
        "blockquote": ("cite",),
        "q": ("cite",),
    },
    allow_raw_html=True,
    footnotes=True,
    typographer=True,
    local_images_only=True,
)

COMMENT = Profile(
    name="comment",
    tags=frozenset({"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"}),
    attributes={"a": ("href", "rel"), "ol": ("start",)},
    disabled_rules=("heading", "lheading", "image", "table", "hr", "html_block", "html_inline"),
    forced_rel="nofollow ugc noopener",
)

PROFILES = {profile.name: profile for profile in (ARTICLE, COMMENT)}
_CLASS_VALUE = re.compile(r"^[A-Za-z0-9 _-]{1,120}$")
_ARTICLE_REL = frozenset({"sponsored", "nofollow", "noopener", "noreferrer", "ugc", "external"})


def contains_nul(text: str) -> bool:
    return NUL in (text or "")


def render_markdown(
    text: str,
    *,
    profile: Profile = ARTICLE,
    context: Mapping[str, Any] | None = None,
    strict: bool = False,
) -> str:
    """Render Markdown and sanitise the result; the returned HTML is safe to show as is.

    ``context`` is passed to link resolvers (e.g. the article the text belongs to) and may
    carry ``anchor_prefix`` so footnote ids stay unique on a page with several bodies.
    With ``strict`` a link that no resolver can resolve raises ``MarkupError``; otherwise it
    is rendered as its plain text.
    """
    context = dict(context or {})
    problems: list[str] = []
    # Marks the class and id values this render writes itself (see the module docstring);
    # random per call, so no text can carry it.
    own = f"own{secrets.token_hex(8)}-"
    env: dict[str, Any] = {"broadsheet": context, "problems": problems, OWN_MARK: own}
    if context.get("anchor_prefix"):
        env["docId"] = str(context["anchor_prefix"])
    html = _markdown(profile, own).render((text or "").replace(NUL, "\ufffd"), env)
    html = _sanitise(html, profile, own=own, problems=problems)
    if strict and problems:
        raise MarkupError(problems)
    return html


def check_markdown(text: str, *, context: Mapping[str, Any] | None = None) -> list[str]:
    """Problems an author must fix before the text can be saved (empty when fine)."""
    try:
        render_markdown(text, context=context, strict=True)
    except MarkupError as error:
        return error.problems
    return []


OWN_MARK = "broadsheet_own_mark"
_FOOTNOTE_RULES = ("footnote_ref", "footnote_block_open", "footnote_open", "footnote_anchor")
_OWN_ATTRIBUTE = re.compile(r'\b(class|id)="')


def _markdown(profile: Profile, own: str) -> MarkdownIt:
    # A parser per call: cheap next to sanitising, and never shared between threads.
    md = MarkdownIt(
        "commonmark",
        {
            "html": profile.allow_raw_html,
            "linkify": True,
            "typographer": profile.typographer,
            "langPrefix": f"{own}language-",  # fenced code's class is the renderer's own
        },
    )
    md.linkify = BoundedLinkify()
    md.enable(["table", "strikethrough", "linkify"])
    md.inline.ruler.disable(["linkify"])  # URLs are found in the text runs, after parsing
    md.core.ruler.before("linkify", "broadsheet_raw_code", _mark_raw_code_text)
    md.add_render_rule(_RAW_CODE_TEXT, _render_raw_code_text)
    if profile.typographer:
        md.enable(["smartquotes", "replacements"])  # “curly” quotes, dashes, ellipses
    if profile.footnotes:
        md.use(footnote_plugin)
        for name in _FOOTNOTE_RULES:
            md.add_render_rule(name, _marking_own_attributes(md.renderer.rules[name]))
    if profile.disabled_rules:
        md.disable(list(profile.disabled_rules), ignoreInvalid=True)
    md.core.ruler.push("broadsheet_headings", partial(_demote_headings, profile.lowest_heading))
    md.core.ruler.push("broadsheet_link_schemes", _resolve_link_schemes)
    md.core.ruler.push("broadsheet_figures", partial(figures.make_figures, own=own))
    return md


def _marking_own_attributes(render_rule):
    """The footnote plugin's rule, with its class and id values marked as the renderer's."""

    def render(self, tokens, idx, options, env) -> str:
        return _OWN_ATTRIBUTE.sub(rf'\1="{env[OWN_MARK]}', render_rule(tokens, idx, options, env))

    return render


def _demote_headings(lowest: int, state) -> None:
    """Body headings sit under the section's <h2>, so # and ## become the lowest level."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1])
            token.tag = f"h{min(max(level, lowest), 6)}"


_RAW_CODE_TEXT = "broadsheet_code_text"
_RAW_CODE_TAG = re.compile(r"<(/?)(code|pre)\b", re.IGNORECASE)


def _mark_raw_code_text(state) -> None:
    """Text inside raw ``<code>``/``<pre>`` tags is code: the linkify rule leaves it alone."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        depth = 0
        for token in block.children:
            if token.type == "html_inline" and (tag := _RAW_CODE_TAG.match(token.content)):
                depth = max(0, depth - 1) if tag[1] else depth + 1
            elif depth and token.type == "text":
                token.type = _RAW_CODE_TEXT


def _render_raw_code_text(self, tokens, idx, options, env) -> str:
    return escapeHtml(tokens[idx].content)


def _resolve_link_schemes(state) -> None:
    context = state.env.get("broadsheet", {})
    problems = state.env.setdefault("problems", [])
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = []
        skip_until_close = False
        for token in block.children:
            if skip_until_close:
                if token.type == "link_close":
                    skip_until_close = False
                    continue
                children.append(token)
                continue
            attr = "href" if token.type == "link_open" else "src" if token.type == "image" else ""
            url = str(token.attrGet(attr) or "") if attr else ""
            scheme, _, target = url.partition(":")
            resolver = _link_resolvers.get(scheme.lower()) if target else None
            if resolver is None:
                children.append(token)
                continue
            kind = "link" if attr == "href" else "image"
            try:
                resolved = resolver(target, kind, context)
            except UnresolvedLink as error:
                problems.append(str(error))
                if kind == "link":
                    skip_until_close = True  # keep the link text, drop the link
                # an image that cannot be resolved (e.g. deleted from the library) is left out
                continue
            if isinstance(resolved, ResolvedImage):
                figures.resolve_image_token(token, resolved)
                children.append(token)
                continue
            token.attrSet(attr, resolved.href)
            for name, value in (
                ("rel", resolved.rel),
                (
                    "class",
                    f"{state.env[OWN_MARK]}{resolved.css_class}" if resolved.css_class else "",
                ),
                ("title", resolved.title),
            ):
                if value:
                    token.attrSet(name, value)
            children.append(token)
        block.children = children


def _sanitise(html: str, profile: Profile, *, own: str = "", problems: list | None = None) -> str:
    problems = [] if problems is None else problems
    cleaner = bleach.Cleaner(
        tags=profile.tags,
        attributes=partial(_allow_attribute, profile, own, problems),
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[partial(_LinkPolicy, profile=profile)],
    )
    cleaner.parser = _LinearParser(
        tags=cleaner.tags, strip=True, consume_entities=False, namespaceHTMLElements=False
    )
    cleaned = cleaner.clean(html).strip()
    return cleaned.replace(own, "") if own else cleaned


_CHARACTERS = html5lib_shim.TAG_TOKEN_TYPE_CHARACTERS
_SPACE_CHARACTERS = html5lib_shim.constants.tokenTypes["SpaceCharacters"]
_PARSE_ERROR = html5lib_shim.TAG_TOKEN_TYPE_PARSEERROR
_TEXT_TOKENS = (_CHARACTERS, _SPACE_CHARACTERS)


class _LinearTokenizer(html5lib_shim.BleachHTMLTokenizer):
    """Joins each run of text tokens into one before the parser sees it.

    The tokenizer ends a text token at every ``&`` and ``<``, and html5lib's tree builder
    appends each token to the element's text by string concatenation, so 100,000 ``&`` took
    time quadratic in the text. Only text is held back, and handling text never changes the
    tokenizer's state, so the parser builds the same tree (parse errors, which it only
    records, may come before the text they followed).
    """

    def __iter__(self):
        run: list[str] = []
        spaces_only = True
        for token in super().__iter__():
            if token["type"] in _TEXT_TOKENS:
                run.append(token["data"])
                spaces_only = spaces_only and token["type"] == _SPACE_CHARACTERS
                continue
            if token["type"] != _PARSE_ERROR and run:
                yield {"type": _SPACE_CHARACTERS if spaces_only else _CHARACTERS,
                       "data": "".join(run)}  # fmt: skip
                run, spaces_only = [], True
            yield token
        if run:
            yield {"type": _SPACE_CHARACTERS if spaces_only else _CHARACTERS, "data": "".join(run)}


class _LinearParser(html5lib_shim.BleachHTMLParser):
    """bleach's parser with ``_LinearTokenizer`` (bleach swaps its tokenizer the same way)."""

    def _parse(self, stream, innerHTML=False, container="div", scripting=True, **kwargs):
        self.innerHTMLMode = innerHTML
        self.container = container
        self.scripting = scripting
        self.tokenizer = _LinearTokenizer(
            stream=stream, consume_entities=self.consume_entities, parser=self, **kwargs
        )
        self.reset()
        try:
            self.mainLoop()
        except html5lib_shim.ReparseException:  # pragma: no cover - only for <meta charset>
            self.reset()
            self.mainLoop()


class _LinkPolicy(html5lib_shim.Filter):
    """Gives links the profile's ``rel``; a link whose URL was refused keeps only its text."""

    def __init__(self, source, *, profile: Profile):
        super().__init__(source)
        self.profile = profile

    def __iter__(self):
        dropped: list[bool] = []
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                attrs = _link_rel(self.profile, dict(token["data"] or {}))
                dropped.append(attrs is None)
                if attrs is None:
                    continue
                token["data"] = attrs
            elif token["type"] == "EndTag" and token["name"] == "a" and dropped and dropped.pop():
                continue  # the end of a dropped link
            yield token


def _allow_attribute(
    profile: Profile, own: str, problems: list, tag: str, name: str, value: str
) -> bool:
    if name not in profile.attributes.get(tag, ()):
        return False
    if name in ("class", "id"):
        # Only the renderer's own (marked) values: never one an author wrote in raw HTML.
        if not own or not value.startswith(own):
            return False
        value = value[len(own) :]
        return name == "id" or bool(_CLASS_VALUE.match(value))
    if tag == "img" and name == "srcset" and profile.local_images_only:
        # Every candidate of a srcset is an address too: all of them must be the site's.
        candidates = [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
        outside = [url for url in candidates if not is_site_media_url(url)]
        if outside:
            problems.append(
                f"The image “{outside[0][:200]}” is not on this site. Use a picture uploaded "
                f"to this site (its address starts with {settings.MEDIA_URL})."
            )
        return bool(candidates) and not outside
    if (
        tag == "img"
        and name == "src"
        and profile.local_images_only
        and not is_site_media_url(value)
    ):
        problems.append(
            f"The image “{value[:200]}” is not on this site. Use a picture uploaded to this "
            f"site (its address starts with {settings.MEDIA_URL}): images in articles never "
            "come from other servers, which would learn who reads the article."
        )
        return False
    if name == "rel" and not profile.forced_rel:
        return set(value.split()) <= _ARTICLE_REL
    return True


def _link_rel(profile: Profile, attrs: dict) -> dict | None:
    href = attrs.get((None, "href"), "")
    if not href and (None, "id") not in attrs:
        return None  # its URL was refused: keep the text, drop the dead link
    if profile.forced_rel:
        attrs[(None, "rel")] = profile.forced_rel
    elif href.startswith(("http://", "https://")) and not attrs.get((None, "rel")):
        attrs[(None, "rel")] = "noopener"
    return attrs


def is_site_media_url(url: str) -> bool:
    """True for an address under ``MEDIA_URL``: ``/media/…`` on this site (also written with
    ``SITE_URL`` in front), or the media host's ``https://media.example.com/…``."""
    media = settings.MEDIA_URL
    if not media.startswith(("/", "http://", "https://")):
        media = "/" + media
    parts = urlsplit(url.strip())
    if ".." in parts.path.split("/") or "\\" in url:
        return False
    if urlsplit(media).netloc:  # a media host
        prefixes = [media]
    else:
        prefixes = [media, settings.BROADSHEET["SITE_URL"].rstrip("/") + media]
    candidate = url.strip()
    if parts.netloc and not parts.scheme:  # //host/path
        return False
    return any(candidate.startswith(prefix) for prefix in prefixes)
