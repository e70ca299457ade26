"""Pictures in the text: a resolved ``![alt](scheme:target)`` alone in its paragraph becomes
a ``<figure>``.

A link-scheme resolver (``blog.markup.register_link_scheme``) may answer an image with a
``ResolvedImage``: its renditions' ``srcset``, the size of its ``src`` (so the page keeps the
picture's place before it loads), its alt text, caption and credit. The renderer then
writes, at save time like all markup:

* alone in a paragraph: ``<figure class="article-figure"><img …><figcaption>caption
  <span class="credit">credit</span></figcaption></figure>`` in place of the paragraph;
* inside a line of text: the same ``<img …>`` without the figure (no caption).

Every such picture has ``loading="lazy"``; the article page makes the first one eager when
it is likely above the fold (``blog.presentation.eager_first_picture``). The HTML is then
sanitised like every other: ``srcset`` candidates must be the site's media.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from markdown_it.token import Token

IMAGE_META = "broadsheet_image"
FIGURE_CLASS = "article-figure"
LAZY = ' loading="lazy"'


@dataclass(frozen=True)
class ResolvedImage:
    """What a resolver turns ``![…](scheme:target)`` into; built from stored rows only."""

    src: str
    alt: str
    srcset: str = ""
    sizes: str = ""
    width: int | None = None
    height: int | None = None
    caption: str = ""
    credit: str = ""


def resolve_image_token(token: Token, image: ResolvedImage) -> None:
    """Give an image token the resolved picture's attributes (its alt text included)."""
    token.attrSet("src", image.src)
    alt = Token("text", "", 0)
    alt.content = image.alt
    token.children = [alt]
    for name, value in (
        ("srcset", image.srcset),
        ("sizes", image.sizes if image.srcset else ""),
        ("width", image.width),
        ("height", image.height),
        ("loading", "lazy"),
        ("decoding", "async"),
    ):
        if value:
            token.attrSet(name, str(value))
    token.meta[IMAGE_META] = image


def make_figures(state, *, own: str) -> None:
    """Core rule: each paragraph holding nothing but a resolved picture becomes its figure."""
    tokens = state.tokens
    result = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (
            token.type == "paragraph_open"
            and index + 2 < len(tokens)
            and tokens[index + 2].type == "paragraph_close"
            and (image := _lone_image(tokens[index + 1])) is not None
        ):
            figure = Token("html_block", "", 0)
            figure.content = figure_html(image, own=own) + "\n"
            figure.map = token.map
            result.append(figure)
            index += 3
            continue
        result.append(token)
        index += 1
    state.tokens = result


def _lone_image(inline: Token) -> ResolvedImage | None:
    if inline.type != "inline" or not inline.children:
        return None
    content = [
        child
        for child in inline.children
        if not (child.type == "softbreak" or (child.type == "text" and not child.content.strip()))
    ]
    if len(content) == 1 and content[0].type == "image":
        return content[0].meta.get(IMAGE_META)
    return None


def figure_html(image: ResolvedImage, *, own: str) -> str:
    """The figure as stored; ``own`` marks its classes as the renderer's (blog.markup)."""
    size = (
        format_html(' width="{}" height="{}"', image.width, image.height)
        if image.width and image.height
        else ""
    )
    srcset = (
        format_html(' srcset="{}" sizes="{}"', image.srcset, image.sizes) if image.srcset else ""
    )
    caption = ""
    if image.caption or image.credit:
        credit = (
            format_html(' <span class="{}credit">{}</span>', own, image.credit)
            if image.credit
            else ""
        )
        caption = format_html("<figcaption>{}{}</figcaption>", image.caption, credit)
    return format_html(
        '<figure class="{}{}"><img src="{}"{}{} alt="{}" loading="lazy" decoding="async">{}'
        "</figure>",
        own,
        FIGURE_CLASS,
        image.src,
        srcset,
        size,
        image.alt,
        caption,
    )
