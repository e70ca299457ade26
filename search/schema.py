"""The database-specific half of the index, created by migration 0002 and ``rebuild_search_index``.

PostgreSQL keeps a weighted ``tsvector`` in ``search_searchentry.vector`` and the title's own
in ``title_vector`` (a trigger builds both
from the row's own text and configuration) under a GIN index. SQLite keeps an FTS5 table
``search_fts`` whose rows mirror ``search_searchentry`` through triggers; its tokenizer (with or
without the Porter stemmer) is fixed when the table is created.
"""

from __future__ import annotations

from .conf import sqlite_tokenizer

TABLE = "search_searchentry"
FTS = "search_fts"

POSTGRES_INSTALL = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS vector tsvector",
    # The title alone, small and never compressed out of line: "every word in the title"
    # is checked on it without unpacking the whole vector a second time.
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS title_vector tsvector",
    """
    CREATE OR REPLACE FUNCTION search_entry_vector() RETURNS trigger AS $$
    BEGIN
      NEW.vector :=
        setweight(to_tsvector(NEW.config::regconfig, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector(NEW.config::regconfig, coalesce(NEW.lead, '')), 'B') ||
        setweight(to_tsvector(NEW.config::regconfig, coalesce(NEW.body, '')), 'C');
      NEW.title_vector := to_tsvector(NEW.config::regconfig, coalesce(NEW.title, ''));
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    f"DROP TRIGGER IF EXISTS search_entry_vector ON {TABLE}",
    f"""CREATE TRIGGER search_entry_vector BEFORE INSERT OR UPDATE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION search_entry_vector()""",
    f"CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON {TABLE} USING gin (vector)",
    # Text moves out of line early, so the heap holds narrow rows: finding the newest matches
    # reads ~14 MB of heap at 100,000 articles instead of ~130 MB (rows rewritten on rebuild).
    f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)",
    f"CREATE INDEX IF NOT EXISTS search_entry_title_gin ON {TABLE} USING gin (title_vector)",
]

POSTGRES_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS search_entry_vector ON {TABLE}",
    "DROP FUNCTION IF EXISTS search_entry_vector()",
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "DROP INDEX IF EXISTS search_entry_title_gin",
    f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS vector",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS title_vector",
]

_FTS_COLUMNS = "title, lead, body"


def sqlite_install() -> list[str]:
    new = "new.article_id, new.title, new.lead, new.body"
    old = "old.article_id, old.title, old.lead, old.body"
    return [
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
            {_FTS_COLUMNS}, content='{TABLE}', content_rowid='article_id',
            tokenize='{sqlite_tokenizer()}')""",
        f"""CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON {TABLE} BEGIN
            INSERT INTO {FTS}(rowid, {_FTS_COLUMNS}) VALUES ({new}); END""",
        f"""CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON {TABLE} BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {_FTS_COLUMNS}) VALUES ('delete', {old}); END""",
        f"""CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE ON {TABLE} BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {_FTS_COLUMNS}) VALUES ('delete', {old});
            INSERT INTO {FTS}(rowid, {_FTS_COLUMNS}) VALUES ({new}); END""",
        # Fill from rows already present (none after the first migration; all on a rebuild).
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    ]


SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    f"DROP TABLE IF EXISTS {FTS}",
]


def statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRES_INSTALL if install else POSTGRES_UNINSTALL
    if vendor == "sqlite":
        return sqlite_install() if install else SQLITE_UNINSTALL
    return []


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, install=True):
            cursor.execute(sql)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, install=False):
            cursor.execute(sql)
