"""``![alt text](image:42)`` in Markdown: resolved by blog's renderer through this scheme.

The picture is looked up when the text is saved (markup is rendered once, on save) and its
renditions, alt text, caption and credit are written into the stored HTML; when any of them
changes later, ``services.refresh_texts_using`` renders the texts that use it again.
The alt text in the brackets is the author's reminder in the source: readers get the
library's alt text, so correcting it once corrects every article.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from blog.extensions import EditorTool
from blog.figures import ResolvedImage
from blog.markup import UnresolvedLink

from .models import Image

SCHEME = "image"
_NUMBER = re.compile(r"[0-9]{1,10}")
# Every image:<number> in a text, wherever it stands: the where-used index errs on the side
# of naming an article (e.g. the form written inside code) rather than missing one.
_REFERENCE = re.compile(r"\bimage:([0-9]{1,10})\b", re.IGNORECASE)


def resolve(target: str, kind: str, context: Mapping[str, Any]) -> ResolvedImage:
    """The link-scheme resolver registered for ``image:`` (see blog.markup)."""
    if "article_slug" not in context:
        raise UnresolvedLink("Pictures from the media library can only be used in articles.")
    if kind != "image" or not _NUMBER.fullmatch(target):
        raise UnresolvedLink(
            f"“image:{target}” is not a picture: write ![alt text](image:42) on a line of its "
            "own with the picture's number, or use “Insert picture” above the text."
        )
    image = Image.objects.filter(pk=int(target)).first()
    if image is None or not image.renditions:
        raise UnresolvedLink(
            f"There is no picture {int(target)} in the media library. Pick one with “Insert "
            "picture”, or upload it under Media library → Pictures first."
        )
    return image.resolved()


def referenced_ids(markdown: str) -> set[int]:
    return {int(number) for number in _REFERENCE.findall(markdown or "")}


EDITOR_TOOL = EditorTool(
    name="picture",
    label="Insert picture",
    url_name="admin:media_library_image_picker",
    permission="media_library.view_image",
    syntax_help=(
        "Pictures: ![alt text](image:42) on a line of its own places picture 42 of the media "
        "library, with its caption and credit."
    ),
    upload_url_name="admin:media_library_image_upload",
    upload_label="Upload a new picture",
    upload_permission="media_library.add_image",
)
