"""A GIN index on the title vector (PostgreSQL), for the "every word in the title" candidates.

``search.schema.install`` is idempotent: it adds what is missing and leaves the rest."""

from django.db import migrations


def install(apps, schema_editor):
    from search import schema

    schema.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
