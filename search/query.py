"""Running a search: the reader's words made safe, then one ranked query per database.

Whatever the reader types becomes a list of plain words (letters and digits only), so FTS5
operators, quotes, ``NEAR``, ``*``, column filters and NUL characters are never syntax: every
word must match (AND), with the site language's stemming. Public visibility is decided at
query time by ``Article.objects.published()``, so a scheduled article appears when its moment
comes and a withdrawn one never shows even before its entry is dropped.

Ordering: articles with every word in the title first, then by rank (``ts_rank`` over the
weighted vector on PostgreSQL, ``bm25`` with column weights on SQLite), newest first on ties.
Bounded work: a word found in more than ``CANDIDATES`` articles is ranked among its newest
``CANDIDATES`` matches anywhere plus its newest ``CANDIDATES`` title matches, so a page costs
the same for a word in every article as for one in five thousand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from blog.models import Article

from .conf import CANDIDATES, MAX_QUERY_LENGTH, MAX_TERM_LENGTH, MAX_TERMS, search_language

_WORD = re.compile(r"\w+", re.UNICODE)
# Markers the snippet functions put around matches; stripped from indexed text, so they can
# only come from the database's highlighter, and swapped for <mark> after escaping.
START, STOP = "\x02", "\x03"
# FTS5 column weights (title, standfirst+headings, lede+bodies) and ts_rank's (D, C, B, A).
BM25_WEIGHTS = (10.0, 4.0, 1.0)
TS_RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"


def terms(text: str) -> list[str]:
    """The reader's words, deduplicated, as plain terms (never query syntax)."""
    words = _WORD.findall((text or "")[:MAX_QUERY_LENGTH].replace("_", " "))
    unique = dict.fromkeys(word.casefold()[:MAX_TERM_LENGTH] for word in words)
    return list(unique)[:MAX_TERMS]


@dataclass(frozen=True)
class Hit:
    article_id: int
    rank: float
    snippet: SafeString


def highlight(snippet: str) -> SafeString:
    """Escape everything, then turn the highlighter's markers into <mark> elements."""
    escaped = escape(snippet or "")
    balanced = escaped.count(START) == escaped.count(STOP)
    marked = escaped.replace(START, "<mark>" if balanced else "").replace(
        STOP, "</mark>" if balanced else ""
    )
    return mark_safe(marked)


def search(words: list[str], articles, *, offset: int, limit: int) -> list[Hit]:
    """Up to ``limit`` hits after ``offset`` among ``articles`` (a queryset of Article)."""
    if not words:
        return []
    if connection.vendor == "postgresql":
        public_sql, public_params = _visible(articles, "e.article_id")
        return _postgres(words, public_sql, public_params, offset, limit)
    if connection.vendor == "sqlite":
        public_sql, public_params = _visible(articles, "c.id")
        return _sqlite(words, public_sql, public_params, offset, limit)
    raise NotImplementedError(f"Search does not support {connection.vendor}.")


def _visible(articles, column: str) -> tuple[str, tuple]:
    """``EXISTS (…)`` for "the matched article is in ``articles``", checked per candidate.

    A correlated test costs one primary-key probe per candidate; ``IN (…)`` would first list
    every public article (100,000 ids for any word, however rare).
    """
    correlated = articles.filter(pk=RawSQL(column, ())).order_by().values("id")
    sql, params = correlated.query.sql_with_params()
    return f"EXISTS ({sql})", params


def _postgres(words, public_sql, public_params, offset, limit) -> list[Hit]:
    # Candidates: the newest CANDIDATES articles with every word anywhere, and the newest
    # CANDIDATES with every word in the title (both straight from the GIN indexes). Only those
    # are ranked, on the vectors alone (carrying the text through the sort would unpack it for
    # every match); then one page's text is fetched for ts_headline.
    sql = f"""
        WITH q AS (SELECT plainto_tsquery(%s::regconfig, %s) AS query),
        candidates AS (
            (SELECT e.article_id FROM search_searchentry e, q WHERE e.vector @@ q.query
             ORDER BY e.article_id DESC LIMIT %s)
            UNION
            (SELECT e.article_id FROM search_searchentry e, q WHERE e.title_vector @@ q.query
             ORDER BY e.article_id DESC LIMIT %s)
        ),
        hits AS (
            SELECT e.article_id, a.published_at,
                   e.title_vector @@ q.query AS in_title,
                   ts_rank(%s::float4[], e.vector, q.query) AS rank
            FROM candidates c
            JOIN search_searchentry e ON e.article_id = c.article_id
            JOIN blog_article a ON a.id = e.article_id, q
            WHERE {public_sql}
            ORDER BY in_title DESC, rank DESC, a.published_at DESC, e.article_id DESC
            LIMIT %s OFFSET %s
        )
        SELECT hits.article_id, hits.rank,
               ts_headline(%s::regconfig,
                           translate(e.lead || E'\\n' || e.body, '<>', chr(4) || chr(5)),
                           q.query,
                           'StartSel=' || chr(2) || ', StopSel=' || chr(3) ||
                           ', MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "')
        FROM hits JOIN search_searchentry e ON e.article_id = hits.article_id, q
        ORDER BY hits.in_title DESC, hits.rank DESC, hits.published_at DESC, hits.article_id DESC
    """
    language = search_language()
    params = [
        language, " ".join(words), CANDIDATES, CANDIDATES, TS_RANK_WEIGHTS,
        *public_params, limit, offset, language,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(row[0], row[1], highlight(_untranslate(row[2]))) for row in cursor.fetchall()]


def _untranslate(headline: str) -> str:
    """ts_headline drops anything that looks like an HTML tag, so the text goes in with < and
    > swapped for control characters (never in indexed text) and comes back here."""
    return (headline or "").replace("\x04", "<").replace("\x05", ">")


def _fts_query(words: list[str], column: str | None = None) -> str:
    phrase = " ".join(f'"{word}"' for word in words)  # \w+ words hold no double quote
    return f"{{{column}}} : ({phrase})" if column else phrase


def _sqlite(words, public_sql, public_params, offset, limit) -> list[Hit]:
    # Candidates as on PostgreSQL: the newest CANDIDATES matches of the title alone and of
    # every column (FTS5 walks its doclists by rowid, newest first, and stops), each with its
    # bm25; keep one page, and only then make snippets (snippet() is costly, and SQLite would
    # otherwise compute it for every match before sorting).
    weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
    sql = f"""
        WITH titled AS MATERIALIZED (
            SELECT rowid AS id, 1 AS in_title, bm25(search_fts, {weights}) AS rank
            FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s
        ),
        anywhere AS MATERIALIZED (
            SELECT rowid AS id, 0 AS in_title, bm25(search_fts, {weights}) AS rank
            FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s
        ),
        candidates AS MATERIALIZED (
            SELECT id, in_title, rank FROM titled
            UNION ALL
            SELECT id, in_title, rank FROM anywhere WHERE id NOT IN (SELECT id FROM titled)
        ),
        page AS MATERIALIZED (
            SELECT c.id, c.rank, c.in_title, a.published_at
            FROM candidates c JOIN blog_article a ON a.id = c.id
            WHERE {public_sql}
            ORDER BY c.in_title DESC, c.rank ASC, a.published_at DESC, c.id DESC
            LIMIT %s OFFSET %s
        )
        SELECT page.id, page.rank,
               snippet(search_fts, 2, char(2), char(3), ' … ', 24),
               snippet(search_fts, 1, char(2), char(3), ' … ', 24)
        FROM page JOIN search_fts ON search_fts.rowid = page.id
        WHERE search_fts MATCH %s
        ORDER BY page.in_title DESC, page.rank ASC, page.published_at DESC, page.id DESC
    """
    everything = _fts_query(words)
    params = [
        _fts_query(words, "title"), CANDIDATES, everything, CANDIDATES,
        *public_params, limit, offset, everything,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # The body's passage, unless only the standfirst or a heading matched.
        return [
            Hit(
                row[0],
                -row[1],
                highlight(row[2] if START in row[2] or START not in row[3] else row[3]),
            )
            for row in cursor.fetchall()
        ]


def public_articles():
    return Article.objects.published()
