"""Front matter at the top of a Markdown draft: YAML between ``---`` lines (Jekyll, Hugo),
TOML between ``+++`` lines (Hugo, Zola).

``read_front_matter(lines)`` finds the block, parses it safely (``yaml`` with its safe loader,
``tomllib``) and returns what the importer uses: the title, the standfirst (``subtitle``,
``description``, ``excerpt`` or ``summary``), the tags (``tags`` and ``categories``, also
under Zola's ``[taxonomies]``), the date and the author. Every line of the block is reported
by the importer with the key it belongs to: the block never reaches the article.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field

import yaml

# A block longer than this is not front matter (and is never parsed).
MAX_LINES = 300
MAX_CHARS = 30_000
MAX_TAGS = 50
MAX_TAG_LENGTH = 100  # taggit's Tag.name
MAX_STANDFIRST = 300  # Article.dek

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]{0,60})\s*[:=]")
_TABLE = re.compile(r"^\[\s*([A-Za-z_][\w.-]{0,60})\s*\]\s*$")
_STANDFIRST_KEYS = ("subtitle", "description", "excerpt", "summary", "dek", "lead")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class FrontMatter:
    start: int  # 0-based index of the opening delimiter
    end: int  # 0-based index just after the closing delimiter
    syntax: str  # "YAML" or "TOML"
    readable: bool = True
    error: str = ""
    title: str = ""
    standfirst: str = ""
    standfirst_key: str = ""  # the key it came from (or would have, if not too long)
    tags: list[str] = field(default_factory=list)
    date: dt.datetime | dt.date | None = None
    date_text: str = ""
    author: str = ""
    draft: bool = False
    line_keys: dict[int, str] = field(default_factory=dict)  # 1-based line → its key


def read_front_matter(lines: list[str]) -> FrontMatter | None:
    """The front matter block at the top of ``lines`` (blank lines before it allowed)."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines):
        return None
    opening = lines[start].strip()
    if opening not in ("---", "+++"):
        return None
    closings = ("---", "...") if opening == "---" else ("+++",)
    end = None
    size = 0
    for index in range(start + 1, min(len(lines), start + 1 + MAX_LINES)):
        if lines[index].strip() in closings:
            end = index
            break
        size += len(lines[index]) + 1
        if size > MAX_CHARS:
            return None
    if end is None or end == start + 1:
        return None
    body = lines[start + 1 : end]
    # A Markdown rule and a paragraph are not front matter: most lines must be "key: value".
    keyed = [line for line in body if _TOP_KEY.match(line) or _TABLE.match(line.strip())]
    if not keyed:
        return None
    syntax = "YAML" if opening == "---" else "TOML"
    matter = FrontMatter(start=start, end=end + 1, syntax=syntax)
    matter.line_keys = _line_keys(body, start + 2)
    data = _parse("\n".join(body), syntax)
    if not isinstance(data, dict):
        matter.readable = False
        matter.error = data if isinstance(data, str) else f"not {syntax} keys and values"
        return matter
    _fill(matter, data)
    return matter


def _parse(text: str, syntax: str) -> dict | str:
    try:
        if syntax == "TOML":
            return tomllib.loads(text)
        data = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, RecursionError, ValueError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return f"not valid {syntax}" + (f": {first[:80]}" if first else "")
    return data if isinstance(data, dict) else f"not {syntax} keys and values"


def _line_keys(body: list[str], first_number: int) -> dict[int, str]:
    """Each line's top-level key (continuation lines belong to the key above them)."""
    keys: dict[int, str] = {}
    current, table = "", ""
    for number, line in enumerate(body, start=first_number):
        if not line.strip():
            continue
        if table_match := _TABLE.match(line.strip()):
            table = table_match.group(1)
            current = table
        elif not line[:1].isspace() and (key := _TOP_KEY.match(line)):
            current = f"{table}.{key.group(1)}" if table else key.group(1)
        keys[number] = current
    return keys


def _text(value) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _get(data: dict, *keys: str):
    """The first of ``keys`` present, at the top level or under ``extra``/``params``."""
    for table in (data, data.get("extra"), data.get("params")):
        if isinstance(table, dict):
            for key in keys:
                if key in table and table[key] not in (None, ""):
                    return table[key]
    return None


def _names(value) -> list[str]:
    """Tags from a list, or from a string (comma-separated, else space-separated as Jekyll)."""
    if isinstance(value, str):
        parts = value.split(",") if "," in value else value.split()
    elif isinstance(value, list):
        parts = [_text(item) for item in value[: MAX_TAGS * 2]]
    else:
        return []
    return [" ".join(part.split()) for part in parts if part and part.strip()]


def _fill(matter: FrontMatter, data: dict) -> None:
    matter.title = _text(_get(data, "title"))
    for key in _STANDFIRST_KEYS:
        if text := _text(_get(data, key)):
            matter.standfirst = text if len(text) <= MAX_STANDFIRST else ""
            matter.standfirst_key = key
            break
    tags: list[str] = []
    taxonomies = data.get("taxonomies") if isinstance(data.get("taxonomies"), dict) else {}
    for source in (data, taxonomies):
        for key in ("tags", "categories", "category"):
            tags += _names(source.get(key))
    # A tag longer than a tag may be (100 characters) is left out rather than failing the import.
    matter.tags = [tag for tag in dict.fromkeys(tags) if len(tag) <= MAX_TAG_LENGTH][:MAX_TAGS]
    date = _get(data, "date", "published", "pubDate", "publishDate")
    if isinstance(date, (dt.datetime, dt.date)):
        matter.date = date
        matter.date_text = date.isoformat()
    else:
        matter.date_text = _text(date)
        matter.date = _parse_date(matter.date_text)
    author = _get(data, "author", "authors")
    if isinstance(author, dict):
        author = author.get("name")
    if isinstance(author, list):
        author = ", ".join(name for name in map(_text, author[:10]) if name)
    matter.author = _text(author)
    matter.draft = _get(data, "draft") is True


def _parse_date(text: str) -> dt.datetime | dt.date | None:
    text = text.strip()
    if not text or len(text) > 40:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
