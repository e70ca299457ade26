"""Parse HTML and list what would make it dangerous; shared by the sanitiser tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser

FORBIDDEN_ELEMENTS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "svg", "math", "form", "input",
        "button", "select", "textarea", "object", "embed", "applet", "base", "meta", "link",
        "template", "noscript", "xmp", "noembed", "isindex", "keygen", "title",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "srcset"})
SAFE_SCHEMES = ("http:", "https:", "mailto:")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on") or "\x00" in name:
                self.problems.append(f"event handler {name} on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in URL_ATTRIBUTES and value and not is_safe_url(value):
                self.problems.append(f"unsafe URL {value!r} in {name} on <{tag}>")

    handle_startendtag = handle_starttag


def is_safe_url(value: str) -> bool:
    """Judge a URL as a browser parses it: tabs and newlines vanish, leading C0 is trimmed."""
    compact = re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(33)))).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", compact)
    return scheme is None or f"{scheme[1]}:" in SAFE_SCHEMES


def dangers(html: str) -> list[str]:
    """Everything in ``html`` that a sanitiser should have removed."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems


def elements(html: str) -> list[tuple[str, dict]]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements
