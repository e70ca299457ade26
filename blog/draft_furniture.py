"""Page furniture in a copied post: what a blog platform puts around the author's words.

Substack and WordPress pages copied from the browser carry buttons and counters ("Share",
"Subscribe", "17", "Like this:", "Loading…"), paywall notices ("Subscribe to keep reading",
"Already a subscriber? Sign in"), a byline and a date, "Related" post titles and author bios.
These functions read one line each; ``blog.importer`` decides from the lines around it
whether a line that could be furniture (a bare number, "Facebook", a name) is furniture.

Every pattern is anchored and free of nested quantifiers: it runs in linear time on any line.
"""

from __future__ import annotations

import re

from .draft_text import spaces

# Whole lines (any case, trailing ":" "…" "." ignored) that are furniture wherever they stand.
STRONG_CHROME = frozenset(
    {
        "leave a comment", "leave a reply", "cancel reply", "comments", "share",
        "share this", "share this post", "share on facebook", "share on x", "share on twitter",
        "share on linkedin", "subscribe", "subscribe now", "thanks for reading",
        "like this", "like loading", "loading", "restack", "restacks", "upgrade to paid",
        "type your email", "enter your email", "discussion about this post", "ready for more",
        "subscribe to keep reading", "already a subscriber? sign in",
        "already a paid subscriber? sign in", "this post is for paid subscribers",
        "this post is for paying subscribers", "get the app", "start writing",
        "give a gift subscription", "share this article", "copy link", "no posts",
        "about the author", "about the authors", "like liked by", "reblog", "follow",
        "subscribe to our newsletter", "sign up for our newsletter", "read in app",
        "listen to this post", "listen now", "top latest discussions", "write a comment",
        "sign in", "sign up", "log in", "substack is the home for great culture",
        "previous post", "next post", "post comment", "blog at wordpress.com",
        "powered by wordpress", "leave a reply cancel reply", "share this entry",
        "older posts", "newer posts", "report this content", "view site in reader",
        "manage subscriptions", "collapse this bar", "customize", "comment *", "name *",
        "email *", "start trial", "start your free trial", "upgrade", "a guest post by",
        "skip to content", "menu", "search",
        "pledge your support", "share this post with a friend", "refer a friend",
    }
)  # fmt: skip
STRONG_PREFIXES = (
    "thanks for reading", "subscribe to ", "already a subscriber", "already a paid subscriber",
    "this post is for paid", "keep reading with a ", "continue reading this post",
    "© ", "(c) 20", "copyright ©", "posted in ", "filed under ", "tagged ", "categories: ",
    "published by ", "be the first to like", "privacy ∙", "privacy policy", "bloggers like",
    "people like this", "person likes this", "discover more from ", "subscribe for free",
    "your email address will not be published", "save my name, email",
    "privacy ∙ terms", "tagged: ", "tags: ", "share this:", "liked by ",
)  # fmt: skip
# Where a copied page's article ends: after these come comments, forms and the footer.
END_OF_ARTICLE = frozenset(
    {
        "discussion about this post", "leave a reply", "leave a reply cancel reply",
        "ready for more", "top latest discussions", "your email address will not be published",
        "blog at wordpress.com", "powered by wordpress", "comments are closed",
    }
)  # fmt: skip
# Furniture only next to other furniture, at the top or at the end.
WEAK_CHROME = frozenset(
    {
        "like", "liked", "comment", "reply", "related", "print", "email", "facebook",
        "twitter", "x", "linkedin", "reddit", "whatsapp", "telegram", "pinterest", "tumblr",
        "pocket", "more", "tweet", "threads", "bluesky", "mastodon", "share via", "paid",
        "free", "home", "archive", "about", "top", "latest", "discussions",
        "posted by", "author", "website", "customize", "previous", "next", "save",
    }
)  # fmt: skip
# A "Related" heading: the short lines after it are other posts' titles.
RELATED_STARTERS = frozenset(
    {
        "related", "related posts", "related articles", "related reading", "you may also like",
        "you might also like", "more from this author", "recommended", "similar posts",
        "read next", "read more", "more posts", "recent posts",
    }
)  # fmt: skip

_COUNTER = re.compile(
    r"^\d[\d,.]{0,9}[KkMm]?(?:\s+(?:likes?|comments?|restacks?|shares?|replies|reply|views|"
    r"min(?:ute)?s?(?: read)?|responses?))?$",
    re.IGNORECASE,
)
_ISSUE = re.compile(r"^vol(?:ume)?\.?\s{0,3}\d{1,4}\b")
_CREDIT = re.compile(
    r"(?:^|\()\s{0,3}(?:photo(?:graph)?|image|picture|illustration|credit|courtesy|"
    r"source)s?(?:\s{1,3}credit)?\s{0,3}(?:by\b|:)|getty images|ap photo|via reuters|"
    r"/\s{0,3}(?:reuters|afp|ap|getty)\b",
    re.IGNORECASE,
)
_READING_TIME = re.compile(r"^\d{1,3}\s*(?:min(?:ute)?s?|m)\s+read$", re.IGNORECASE)
_MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
    r"june|july|august|september|october|november|december)\.?"
)
_DATE = re.compile(
    r"^(?:(?:updated|published|posted)(?: on)?:?\s+)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6},?\s+)?"
    r"(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?(?:\s+\d{4})?"
    r"|(?:" + _MONTH + r"|spring|summer|autumn|fall|winter)\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ][\d:]{4,8})?"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}"
    r"|\d{1,3}\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago)"
    r"(?:\s*(?:[∙·•|,–—-]|at\b|by\b)\s*[^\n]{0,40})?$",
    re.IGNORECASE,
)
_TITLE_WORD = r"(?:Dr|Prof|Professor|Col|Colonel|Lt|Gen|General|Maj|Major|Capt|Captain|Cdr|"
_TITLE_WORD += r"Commander|Ambassador|Amb|Mr|Mrs|Ms|Sir|Rev|Adm|Admiral|Brig|Sen|Rep)\.?"
_NAME_TOKEN = r"(?:[A-Z][\w'’-]*\.?|(?:de|van|von|der|den|da|di|du|la|le|al|bin|el|y)\b)"  # noqa: S105
# Words that start a headline, never a name ("The Reckoning", "Why Ports Matter").
_NOT_A_NAME = (
    r"(?!(?i:the|a|an|of|in|on|at|to|for|from|with|and|or|but|why|how|what|when|where|who|"
    r"which|this|that|these|those|our|my|your|their|its|no|not|after|before|inside|"
    r"beyond|against|under|over|between|notes?|part|chapter|section|introduction|"
    r"conclusion)\b)"
)
_NAME = re.compile(
    r"^(?:by\s+)?" + _NOT_A_NAME + r"(?:" + _TITLE_WORD + r"\s+)?"
    + _NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r"){1,4}"
    r"(?:\s*(?:,|and|&)\s+(?:" + _TITLE_WORD + r"\s+)?" + _NAME_TOKEN
    + r"(?:\s+" + _NAME_TOKEN + r"){1,4}){0,3}$"
)  # fmt: skip
_BY = re.compile(r"^by\s+\S", re.IGNORECASE)
_WRITTEN_BY = re.compile(r"^(?:written|posted|words|story|text)\s+by:?\s+", re.IGNORECASE)
_BIO = re.compile(
    r"^(?:" + _TITLE_WORD + r"\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4},?\s+"
    r"(?:is|was|serves|served|has served|has been|teaches|taught|writes|holds|works|leads|"
    r"directs|chairs|edits|covers|lives|researches)\b"
)
_ROLE = re.compile(
    r"\b(?:professor|chair|fellow|director|author of|editor|journalist|writer|researcher|"
    r"analyst|lecturer|correspondent|contributor|retired|graduate of|ph\.?d|founder|"
    r"columnist|newsletter|instructor|scholar|dean|faculty|based in|lives in|blogs)\b",
    re.IGNORECASE,
)
_IN_CATEGORY = re.compile(r"^(?:in|similar post|posted in)\s+[“\"].{1,80}[”\"]$", re.IGNORECASE)
_MINOR = frozenset(
    {
        "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for",
        "with", "from", "as", "vs", "vs.", "via", "per", "into", "onto", "over", "than", "be",
        "is", "are", "was", "were", "it", "its", "if", "so", "up", "out", "off", "de", "la",
        "le", "von", "van", "al", "not", "do", "how", "when", "what", "why", "who", "that",
    }
)  # fmt: skip


def key(text: str) -> str:
    """A line as matched against the word lists: casefolded, without leading bullets and
    trailing : . … !"""
    return spaces(text).lstrip("∙·•|-– ").rstrip(":.…! ").casefold()


def chrome_strength(text: str) -> str:
    """ "strong" (furniture anywhere), "weak" (furniture in company) or "" (text)."""
    line = key(text)
    if line in STRONG_CHROME or line.rstrip("?") in STRONG_CHROME:
        return "strong"
    if line.startswith(STRONG_PREFIXES) and len(line.split()) <= 25:
        return "strong"
    if line in WEAK_CHROME or is_counter(line) or _READING_TIME.match(line):
        return "weak"
    # "Share The Korsk Letter" (a button), "Vol. 12, No. 3" (a journal's masthead)
    if (line.startswith("share ") and len(line.split()) <= 5) or _ISSUE.match(line):
        return "weak"
    return ""


def is_credit(text: str) -> bool:
    """A picture's caption credit ("Photo: Reuters", "(Image by …)", "Getty Images")."""
    text = spaces(text)
    return len(text.split()) <= 40 and bool(_CREDIT.search(text))


def is_counter(text: str) -> bool:
    """A bare number ("17"), "17 likes", "3 comments", "17 Likes∙2 Restacks": counters."""
    parts = [part.strip() for part in re.split(r"[∙·•|]", spaces(text)[:200])]
    return all(part and _COUNTER.match(part) for part in parts)


def is_date_line(text: str) -> bool:
    text = spaces(text)
    return len(text) <= 70 and bool(_DATE.match(text))


def is_related_starter(text: str) -> bool:
    return key(text) in RELATED_STARTERS


def is_category_line(text: str) -> bool:
    """WordPress's "In "Politics"" line under a related post's title."""
    return bool(_IN_CATEGORY.match(spaces(text)))


def name_line(text: str) -> str:
    """The name(s) if the line is only a name or "By Name" (≤ 60 characters), else "".

    "Written by Name", "By Name | 3 March 2024" and "By Name, Senior Fellow" are bylines too.
    """
    text = _WRITTEN_BY.sub("By ", spaces(text).strip("*_ "))
    if not text or len(text) > 100:
        return ""
    name = text
    if _BY.match(text):
        name = re.split(r"\s*(?:[|∙·•–—]|,\s)\s*", text, maxsplit=1)[0]
    if len(name) > 60 or not _NAME.match(name):
        return ""
    return re.sub(r"^by\s+", "", name, flags=re.IGNORECASE)


def is_by_line(text: str) -> bool:
    """ "By Jane Doe": a byline even without a date under it."""
    text = _WRITTEN_BY.sub("By ", spaces(text).strip("*_ "))
    return bool(_BY.match(text)) and bool(name_line(text))


def is_bio(text: str) -> bool:
    """ "Dr. Jane Doe is the chair of …": a name, a verb of being or doing, a role."""
    text = spaces(text)
    if len(text.split()) > 120:
        return False
    return bool(_BIO.match(text)) and bool(_ROLE.search(text[:300]))


def is_title_case(text: str) -> bool:
    """Most words that are not "and", "of", "the"… start with a capital (or a digit)."""
    words = [word.strip("“”\"'‘’()[]*_,:;–—-") for word in spaces(text).split()]
    words = [word for word in words if word]
    significant = [word for index, word in enumerate(words) if index == 0 or word.casefold()
                   not in _MINOR]  # fmt: skip
    if len(significant) < 2:
        return False
    capitalised = sum(1 for word in significant if word[0].isupper() or word[0].isdigit())
    return capitalised >= 0.8 * len(significant)


# --- The pass: which blocks of a draft are furniture --------------------------------------

REASON_CHROME = "platform chrome"
REASON_COUNTER = "platform chrome (a like, comment or share counter)"
REASON_PAYWALL = "platform chrome (paywall or sign-up notice)"
REASON_RELATED = "platform chrome (another post listed under “Related”)"
REASON_BYLINE = "byline (set the author with --author, or in the editor)"
REASON_DATE = "date line (the article's date is set when it is published)"
REASON_BIO = "author bio (the site shows the author's own)"
REASON_PAGE_END = "platform chrome (comments and page footer after the article)"
REASON_MASTHEAD = "platform chrome (the publication's name over its menu)"
_PAYWALL_WORDS = ("subscri", "sign in", "sign up", "paid", "email", "free trial")


def reason(text: str) -> str:
    line = key(text)
    if is_counter(line):
        return REASON_COUNTER
    if any(word in line for word in _PAYWALL_WORDS):
        return REASON_PAYWALL
    return REASON_CHROME


def find_furniture(blocks: list, text_of, first_body: int | None = None) -> dict[int, str]:
    """{position in ``blocks``: reason} for the furniture among ``blocks`` (the content).

    ``text_of(block)`` is a block's words without Markdown decoration ("" for a block that
    cannot be furniture: lists, code, long paragraphs).
    """
    texts = [text_of(block) for block in blocks]
    count = len(blocks)
    found: dict[int, str] = {}
    strength = [chrome_strength(text) if text else "" for text in texts]
    dates = [bool(text) and is_date_line(text) for text in texts]
    names = [bool(text) and bool(name_line(text)) for text in texts]
    bios = [block.kind == "paragraph" and is_bio(block.text.strip("*_ ")) for block in blocks]
    # The top: what comes before the first paragraph of prose (title, subtitle, byline…).
    if first_body is None:
        first_body = next((i for i, block in enumerate(blocks) if _is_prose(block)), count)

    # Strong furniture anywhere; weak furniture and dates in a run with other furniture.
    chromy = [bool(strength[i]) or dates[i] for i in range(count)]
    for i in range(count):
        if not chromy[i]:
            continue
        run_neighbour = (i > 0 and chromy[i - 1]) or (i + 1 < count and chromy[i + 1])
        if strength[i] == "strong" or run_neighbour or i < first_body:
            found[i] = REASON_DATE if dates[i] and not strength[i] else reason(texts[i])
    # After "Discussion about this post", "Leave a Reply"…: comments, forms and the footer.
    end = next(
        (i for i in range(first_body, count) if key(texts[i]).rstrip("?") in END_OF_ARTICLE),
        None,
    )
    if end is not None:
        for i in range(end, count):
            found.setdefault(i, REASON_PAGE_END)
    # The publication's name over its menu ("Subscribe", "Sign in") before the headline.
    if count > 2 and 0 not in found and 1 in found and texts[0] and first_body > 2:
        headline_after = any(texts[i] and i not in found for i in range(2, first_body))
        if headline_after and strength[1] == "strong" and len(texts[0].split()) <= 8:
            found[0] = REASON_MASTHEAD
    # A name next to a date or to furniture, "By Name" at the top, a name over a bio.
    for i in range(count):
        if not names[i] or i in found:
            continue
        before, after = found.get(i - 1), found.get(i + 1)
        by = is_by_line(texts[i]) and i < first_body + 1
        next_to_furniture = before in (REASON_DATE,) or after is not None
        if by or (i > 0 and (next_to_furniture or (i + 1 < count and bios[i + 1]))):
            found[i] = REASON_BYLINE
    # Posts listed under "Related": short lines (and their dates, "In "Category"") after it.
    for i in range(count):
        if i not in found or not is_related_starter(texts[i]):
            continue
        for j in range(i + 1, count):
            text = texts[j]
            if j in found or not text:
                break
            short = len(text.split()) <= 20 and not text.rstrip().endswith(".")
            if not (short or dates[j] or is_category_line(text)):
                break
            found[j] = REASON_RELATED
    # Bios: after a byline or "About the author", at the top, or among the last blocks.
    for i in range(count):
        if not bios[i] or i in found:
            continue
        before = found.get(i - 1)
        about = i > 0 and key(texts[i - 1]).startswith("about the author")
        if before in (REASON_BYLINE, REASON_BIO) or about or i < first_body:
            found[i] = REASON_BIO
    for i in range(count - 1, -1, -1):
        if i in found:
            continue
        if bios[i] or (names[i] and i > 0):
            found[i] = REASON_BIO if bios[i] else REASON_BYLINE
        else:
            break
    return found


def _is_prose(block) -> bool:
    if block.kind in ("list", "quote", "code", "table"):
        return True
    if block.kind != "paragraph":
        return False
    text = spaces(block.text)
    sentences = len(re.findall(r"[.!?…][”’\")]?(?:\s|$)", text))
    return (len(text.split()) >= 40 or sentences >= 2) and not is_bio(text)
