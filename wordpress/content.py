"""WordPress post HTML (classic or Gutenberg blocks, with shortcodes) → Broadsheet Markdown.

``convert(html, context)`` returns the lede and the sections (heading text, Markdown body) and
records every change a reader could notice in ``context.notes``. The Markdown is rendered and
sanitised later, on save, by the one renderer (``blog.markup``): nothing here decides what is
safe, it only drops what cannot be carried over (scripts, forms, dynamic blocks) and says so.

* Gutenberg block comments (``<!-- wp:… -->``) are comments: dropped; self-closing dynamic
  blocks (``<!-- wp:archives /-->``) rendered nothing in the export, and are reported.
* Classic content gets WordPress's ``wpautop`` paragraphs (blank line → paragraph).
* Shortcodes: ``[caption]`` → a figure with its caption, ``[gallery]`` → its images,
  ``[embed]``/``[video]``/``[audio]`` and ``iframe``s → a link to the source; other shortcodes
  lose their brackets (their inner text is kept) and are reported.
* Images: ``context.resolve_image(url)`` gives a local copy's URL or None; without a copy the
  image becomes a link to its original URL (reported), so no page hot-links another host.
* Links to the affiliate plugin's cloaked paths become ``aff:slug``.
* The split: top-level ``h2`` (else ``h3``) headings start sections; before them is the lede.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter

_BLOCK_TAGS = (
    "address|article|aside|blockquote|dd|div|dl|dt|figcaption|figure|footer|form|h[1-6]|header"
    "|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul|iframe|script|style"
    "|video|audio|object|embed|select|option|math|svg|fieldset|legend|details|summary"
)
_STARTS_BLOCK = re.compile(rf"^\s*</?(?:{_BLOCK_TAGS})\b", re.IGNORECASE)
_ENDS_BLOCK = re.compile(rf"</(?:{_BLOCK_TAGS})>\s*$", re.IGNORECASE)
_SELF_CLOSING_BLOCK = re.compile(r"<!--\s*wp:([a-z0-9/-]+)[^>]*?/-->")
_DROPPED = (
    "script",
    "style",
    "noscript",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "template",
    "link",
    "meta",
    "base",
)
# Self-closing blocks that render nothing worth a note (layout or page breaks).
_QUIET_BLOCKS = {"more", "nextpage", "spacer", "separator", "footnotes"}

# [name attrs]…[/name] or [name attrs /] or [name attrs]; names as WordPress allows them.
_SHORTCODE = re.compile(
    r"\[(?P<escaped>\[)?(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:\s[^\]]*?)?)(?P<selfclose>/)?\]"
    r"(?:(?P<inner>.*?)\[/(?P=name)\])?(?(escaped)\])",
    re.DOTALL,
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
# Shortcodes recognised by name even without attributes or a closing tag.
KNOWN_SHORTCODES = frozenset(
    {
        "caption",
        "wp_caption",
        "gallery",
        "embed",
        "audio",
        "video",
        "playlist",
        "youtube",
        "vimeo",
        "soundcloud",
        "googlemaps",
        "contact-form",
        "code",
        "sourcecode",
        "archives",
        "polldaddy",
        "twitter",
        "instagram",
        "slideshow",
    }
)
# Characters Markdown would read as markup in a plain-text comment.
_MARKDOWN_SIGNS = re.compile(r"[*_`#>\[\]<&|~\\]|^\s*(?:[-+]|\d+[.)])\s", re.MULTILINE)
_MEDIA_EXTENSIONS = ("mp3", "m4a", "ogg", "wav", "mp4", "m4v", "webm", "ogv", "wmv", "flv")


@dataclass
class Context:
    """What the conversion needs to know about the site being imported."""

    resolve_image: Callable[[str], str | None] = lambda url: None
    # Attachment ID → {"url", "alt", "parent"…}: for [gallery] (its ids, or the post's own).
    attachments: dict[str, dict] = field(default_factory=dict)
    post_id: str = ""
    # The block editor's footnotes: the post's "footnotes" meta, JSON [{"id", "content"}].
    footnotes_json: str = ""
    footnotes: dict[int, str] = field(default_factory=dict)  # number → Markdown definition
    affiliate_paths: dict[str, str] = field(default_factory=dict)  # cloaked path → slug
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


@dataclass
class Converted:
    lede: str
    sections: list[tuple[str, str]]  # (heading text, Markdown body)


def plain_text(value: str) -> str:
    """Entities decoded, markup stripped, whitespace collapsed (titles, excerpts, names)."""
    value = re.sub(r"<br\s*/?>|</(?:p|div|li|h[1-6]|blockquote|td|th|tr)>", " ", value or "")
    text = BeautifulSoup(value, "html.parser").get_text()
    return " ".join(html_lib.unescape(text).split())


# --- Shortcodes ---------------------------------------------------------------------------


def _attrs(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in _ATTR.finditer(text or "")
    }


def _link(url: str, label: str = "") -> str:
    url = url.strip()
    return f'<a href="{html_lib.escape(url)}">{html_lib.escape(label or url)}</a>'


def expand_shortcodes(text: str, context: Context) -> str:
    def replace(match: re.Match) -> str:
        if match.group("escaped"):  # [[name]] is WordPress's way of writing a literal [name]
            return match.group(0)[1:-1]
        name = match.group("name").lower()
        attrs = _attrs(match.group("attrs"))
        inner = match.group("inner")
        if name not in KNOWN_SHORTCODES and inner is None and not attrs:
            return match.group(0)  # "[sic]", "[1]": ordinary brackets
        if name in ("caption", "wp_caption"):
            body = expand_shortcodes(inner or "", context)
            caption = attrs.get("caption", "")
            image_part = body
            found = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", body, re.S)
            if found:
                image_part, rest = found.group(1), found.group(2).strip()
                caption = caption or rest
            return f"<figure>{image_part}<figcaption>{caption}</figcaption></figure>"
        if name == "gallery":
            ids = [i.strip() for i in attrs.get("ids", attrs.get("include", "")).split(",")]
            if not any(ids):  # no ids: the images attached to the post itself
                ids = [
                    key
                    for key, value in context.attachments.items()
                    if context.post_id and value.get("parent") == context.post_id
                ]
            found = [context.attachments[i] for i in ids if i in context.attachments]
            images = [(a["url"], a["alt"]) for a in found if a.get("url")]
            if not images:
                context.note("[gallery] without images in the file: left out")
                return ""
            return "".join(
                f'<p><img src="{html_lib.escape(url)}" alt="{html_lib.escape(alt)}"></p>'
                for url, alt in images
            )
        if name == "embed":
            url = (inner or attrs.get("src", "")).strip()
            context.note("[embed] kept as a link to its source")
            return f"<p>{_link(url)}</p>" if url else ""
        if name in ("audio", "video", "playlist"):
            url = attrs.get("src") or next(
                (attrs[ext] for ext in _MEDIA_EXTENSIONS if ext in attrs), ""
            )
            context.note(f"[{name}] kept as a link to its source")
            return f"<p>{_link(url, f'{name.title()}: {url}')}</p>" if url else ""
        if name in ("youtube", "vimeo", "soundcloud", "twitter", "instagram"):
            url = (attrs.get("url") or inner or match.group("attrs")).strip()
            if url.startswith("="):
                url = url[1:].strip()
            context.note(f"[{name}] kept as a link to its source")
            return f"<p>{_link(url)}</p>" if url.startswith(("http://", "https://")) else ""
        if name in ("code", "sourcecode"):
            return f"<pre><code>{html_lib.escape(html_lib.unescape(inner or ''))}</code></pre>"
        context.note(f"shortcode [{name}] has no equivalent: its brackets were removed")
        return expand_shortcodes(inner or "", context)

    return _SHORTCODE.sub(replace, text)


# --- Classic content: WordPress's automatic paragraphs ---------------------------------------


def autop(text: str) -> str:
    """Blank-line-separated text → <p> paragraphs, as WordPress shows classic posts.

    Like WordPress's ``wpautop``: block-level tags stand apart from the text around them,
    ``<pre>`` is left alone, and single newlines inside a paragraph become ``<br>``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\n\n\x00{len(kept) - 1}\x00\n\n"

    text = re.sub(r"<pre\b.*?</pre>", keep, text, flags=re.S | re.I)
    text = re.sub(rf"(<(?:{_BLOCK_TAGS})[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(rf"(</(?:{_BLOCK_TAGS})>)", r"\1\n\n", text, flags=re.I)
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip("\n")
        if not chunk.strip():
            continue
        placeholder = re.fullmatch(r"\s*\x00(\d+)\x00\s*", chunk)
        if placeholder:
            out.append(kept[int(placeholder.group(1))])
        elif _STARTS_BLOCK.match(chunk) or _ENDS_BLOCK.search(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    return "\n\n".join(out)


# --- HTML clean-up --------------------------------------------------------------------------


def _tidy(soup: BeautifulSoup, context: Context) -> None:
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for node in soup.find_all(_DROPPED):
        if not node.decomposed:
            context.note(f"<{node.name}> removed")
            node.decompose()
    for node in soup.find_all(["iframe", "video", "audio"]):
        src = node.get("src") or next(
            (s.get("src") for s in node.find_all("source") if s.get("src")), ""
        )
        context.note(f"<{node.name}> embed kept as a link to its source")
        if src.startswith(("http://", "https://")):
            link = soup.new_tag("a", href=src)
            link.string = src
            paragraph = soup.new_tag("p")
            paragraph.append(link)
            node.replace_with(paragraph)
        else:
            node.decompose()
    for node in soup.select("figure.wp-block-embed, figure.wp-block-embed-youtube"):
        wrapper = node.find(class_="wp-block-embed__wrapper")
        url = (wrapper.get_text() if wrapper else "").strip()
        if url.startswith(("http://", "https://")):
            context.note("embed kept as a link to its source")
            paragraph = soup.new_tag("p")
            link = soup.new_tag("a", href=url)
            link.string = url
            paragraph.append(link)
            node.replace_with(paragraph)
    for node in soup.find_all("blockquote"):
        for cite in node.find_all("cite"):
            if cite.get_text(strip=True):
                paragraph = soup.new_tag("p")
                paragraph.string = f"— {cite.get_text(' ', strip=True)}"
                cite.replace_with(paragraph)
    for node in soup.find_all("figure"):
        caption = node.find("figcaption")
        if caption is not None:
            text = caption.get_text(" ", strip=True)
            if text:
                paragraph = soup.new_tag("p")
                emphasis = soup.new_tag("em")
                emphasis.string = text
                paragraph.append(emphasis)
                caption.replace_with(paragraph)
            else:
                caption.decompose()
    for node in soup.find_all("img"):
        _image(soup, node, context)
    _unwrap_unsafe_links(soup, context)
    _footnotes(soup, context)
    for node in soup.find_all("a"):
        slug = _affiliate_slug(node.get("href", ""), context)
        if slug:
            node["href"] = f"aff:{slug}"
            context.note("links to cloaked affiliate paths rewritten to aff: links")


def _footnotes(soup: BeautifulSoup, context: Context) -> None:
    """Block-editor footnotes (``<sup data-fn>`` + the "footnotes" meta) → Markdown ``[^n]``."""
    refs = soup.select("sup[data-fn]")
    if not refs:
        return
    try:
        entries = json.loads(context.footnotes_json or "[]")
    except ValueError:
        entries = []
    texts = {str(e.get("id")): str(e.get("content", "")) for e in entries if isinstance(e, dict)}
    numbers: dict[str, int] = {}
    for ref in refs:
        key = ref.get("data-fn", "")
        if key not in texts:
            context.note("a footnote without its text in the export: its number kept as text")
            ref.replace_with(ref.get_text())
            continue
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            definition = BeautifulSoup(texts[key], "html.parser")
            _unwrap_unsafe_links(definition, context)
            text = " ".join(_Converter().convert_soup(definition).split())
            context.footnotes[numbers[key]] = text
        ref.replace_with(NavigableString(f"[^{numbers[key]}]"))


def _with_footnotes(markdown: str, context: Context) -> str:
    """The Markdown with the definitions of the footnotes it cites (each body stands alone)."""
    cited = dict.fromkeys(int(n) for n in re.findall(r"\[\^(\d+)\]", markdown))
    definitions = [f"[^{n}]: {context.footnotes[n]}" for n in cited if n in context.footnotes]
    return "\n\n".join([markdown, *definitions]) if definitions else markdown


def _unwrap_unsafe_links(soup: BeautifulSoup, context: Context | None = None) -> None:
    """Links to javascript:, data: and other schemes keep their text and lose the link."""
    for node in soup.find_all("a"):
        href = "".join((node.get("href") or "").split()).lower()
        scheme = href.split(":", 1)[0] if ":" in href.split("/", 1)[0] else ""
        if scheme and scheme not in ("http", "https", "mailto"):
            if context is not None:
                context.note(f"a link to a {scheme}: address removed (its text kept)")
            node.unwrap()


def _image(soup: BeautifulSoup, node: Tag, context: Context) -> None:
    src = (node.get("src") or "").strip()
    alt = plain_text(node.get("alt", ""))
    if not src:
        node.decompose()
        return
    local = context.resolve_image(src)
    if local:
        node.attrs = {"src": local, "alt": alt}
        if not alt:
            context.note(f"image without alt text: {src}")
        return
    context.note(f"image not found under the media root, kept as a link: {src}")
    if not src.startswith(("http://", "https://", "/")):
        node.decompose()
        return
    link = soup.new_tag("a", href=src)
    link.string = alt or f"Image: {urlsplit(src).path.rsplit('/', 1)[-1] or src}"
    if node.parent is not None and node.parent.name == "a":
        node.replace_with(link.string)  # the image's own link stays the link
    else:
        node.replace_with(link)


def _affiliate_slug(href: str, context: Context) -> str | None:
    if not context.affiliate_paths or not href:
        return None
    path = urlsplit(href.strip()).path
    if not path.endswith("/"):
        path += "/"
    return context.affiliate_paths.get(path)


# --- To Markdown ----------------------------------------------------------------------------


class _Converter(MarkdownConverter):
    """markdownify with ATX headings and "-" bullets; links keep their titles."""

    def __init__(self, **options):
        super().__init__(heading_style="ATX", bullets="-", escape_misc=False, **options)


def _markdown(nodes) -> str:
    return _tidy_markdown(_Converter().convert("".join(str(node) for node in nodes)))


def _tidy_markdown(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _prepare(html: str, context: Context) -> BeautifulSoup:
    html = (html or "").replace("\x00", "")
    is_blocks = "<!-- wp:" in html
    if is_blocks:
        dynamic = [
            name
            for name in dict.fromkeys(_SELF_CLOSING_BLOCK.findall(html))
            if name.split("/")[-1] not in _QUIET_BLOCKS
        ]
        if dynamic:
            context.note(
                "dynamic blocks with no content in the export, left out: "
                + ", ".join(f"wp:{name}" for name in dynamic)
            )
    html = expand_shortcodes(html, context)
    if not is_blocks:
        html = autop(html)
    soup = BeautifulSoup(html, "html.parser")
    _tidy(soup, context)
    return soup


def convert(html: str, context: Context) -> Converted:
    """The lede and sections of a post's content (see the module's docstring)."""
    soup = _prepare(html, context)
    top = [
        node
        for node in soup.contents
        if not (isinstance(node, NavigableString) and not node.strip())
    ]
    level = next(
        (
            name
            for name in ("h2", "h3")
            if any(isinstance(node, Tag) and node.name == name for node in top)
        ),
        None,
    )
    lede: list = []
    sections: list[tuple[str, list]] = []
    for node in top:
        if level and isinstance(node, Tag) and node.name == level:
            sections.append((node.get_text(" ", strip=True), []))
        elif sections:
            sections[-1][1].append(node)
        else:
            lede.append(node)
    return Converted(
        lede=_with_footnotes(_markdown(lede), context),
        sections=[
            (" ".join(heading.split()), _with_footnotes(_markdown(nodes), context))
            for heading, nodes in sections
        ],
    )


def to_markdown(html: str, context: Context) -> str:
    """A whole body (a page) as one Markdown text."""
    return _with_footnotes(_markdown(_prepare(html, context).contents), context)


def comment_to_markdown(html: str) -> str:
    """A comment's HTML (WordPress allows a few tags, and autop applies) as Markdown."""
    html = (html or "").replace("\x00", "")
    if "<" not in html and "&" not in html and not _MARKDOWN_SIGNS.search(html):
        # Most comments are plain text: paragraphs already read as Markdown paragraphs.
        return re.sub(r"\n\s*\n\s*", "\n\n", html.replace("\r\n", "\n")).strip()
    soup = BeautifulSoup(autop(html), "html.parser")
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for node in soup.find_all([*_DROPPED, "iframe", "img", "video", "audio"]):
        if not node.decomposed:
            node.decompose()
    _unwrap_unsafe_links(soup)
    return _tidy_markdown(_Converter().convert_soup(soup))
