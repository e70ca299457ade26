"""PostgreSQL: store the entry's text out of line early (``toast_tuple_target``), so that the
scan for the newest matches reads narrow heap rows; ``rebuild_search_index`` rewrites old rows."""

from django.db import migrations


def install(apps, schema_editor):
    from search import schema

    schema.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_title_index")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
