"""A trigram index over issue titles, for misspelt searches in the site search (the issues'
and sections' search documents are from migration 0007)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX newsletters_issue_title_trigram ON newsletters_issue "
            "USING gin (title gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS newsletters_issue_title_trigram")


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0009_easy_read"),
        ("groups", "0011_search_documents"),  # pg_trgm
    ]

    operations = [migrations.RunPython(forwards, backwards)]
