"""The database's own full-text structure: a weighted tsvector + GIN index on PostgreSQL, an
FTS5 table kept by triggers on SQLite (see ``search.schema``). Other databases get none."""

from django.db import migrations


def install(apps, schema_editor):
    from search import schema

    schema.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from search import schema

    schema.uninstall(schema_editor.connection)


def index_published(apps, schema_editor):
    """Articles published before search existed are indexed at once."""
    from search import indexing

    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        indexing.rebuild()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(install, uninstall),
        migrations.RunPython(index_published, migrations.RunPython.noop),
    ]
