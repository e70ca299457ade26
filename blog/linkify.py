"""Bare URLs and email addresses as links, in time linear in the text.

markdown-it's ``linkify`` rule asks ``md.linkify`` (linkify-it-py) for the links in each text
run. linkify-it's patterns can take time quadratic in the length of one run: from every
``www.`` in ``www.a.com/(www.a.com/(…`` its path pattern scans to the end for a closing
bracket. A URL never contains white space, so ``BoundedLinkify`` hands linkify-it the run in
pieces of whole words, each at most ``PIECE_LENGTH`` characters, and skips any word longer
than ``MAX_LINK_LENGTH`` (it stays text). The cost of each piece is then bounded, and the
number of pieces grows with the text: linear overall, with the same links as before for any
text whose URLs are shorter than that.

Only ``http(s)://``, ``www.``/bare domains with a known top-level domain and email addresses
are recognised; ``ftp:`` and protocol-relative ``//host`` stay text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from linkify_it import LinkifyIt

MAX_LINK_LENGTH = 2_000  # longer "words" are not linkified (no browser-safe URL is longer)
PIECE_LENGTH = 1_000
_WORD = re.compile(r"\S+")


class BoundedLinkify:
    """What markdown-it's linkify rule needs of ``md.linkify``, over bounded pieces."""

    def __init__(self) -> None:
        self._linkify = LinkifyIt({"ftp:": None, "//": None})

    def pretest(self, text: str) -> bool:
        return any(self._linkify.pretest(piece) for _, piece in pieces(text))

    def test(self, text: str) -> bool:
        return any(self._linkify.test(piece) for _, piece in pieces(text))

    def match(self, text: str) -> list | None:
        found = []
        for offset, piece in pieces(text):
            for link in self._linkify.match(piece) or ():
                link.index += offset
                link.last_index += offset
                found.append(link)
        return found or None

    def match_at_start(self, text: str):
        return None  # markdown-it's inline linkify rule is off: links are found afterwards


def pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece): runs of whole words at most PIECE_LENGTH long (or one long word)."""
    start = end = -1
    for word in _WORD.finditer(text):
        if word.end() - word.start() > MAX_LINK_LENGTH:
            if start >= 0:
                yield start, text[start:end]
            start = -1
            continue
        if start >= 0 and word.end() - start > PIECE_LENGTH:
            yield start, text[start:end]
            start = -1
        if start < 0:
            start = word.start()
        end = word.end()
    if start >= 0:
        yield start, text[start:end]
