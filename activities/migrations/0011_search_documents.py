"""The site search on PostgreSQL: a search document kept by the database for each activity,
with a GIN index, and a trigram index over titles for misspelt searches. See
``oig_site/core/searchdocuments.py``."""

from django.db import migrations

from oig_site.core.searchdocuments import SearchDocument, add, remove

DOCUMENTS = [
    SearchDocument(
        "activities_activity",
        (("title",), ("summary", "venue"), ("description", "outcome")),
        name="title",
    ),
]


def forwards(apps, schema_editor):
    add(schema_editor, DOCUMENTS)


def backwards(apps, schema_editor):
    remove(schema_editor, DOCUMENTS)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0010_easy_read"),
        ("groups", "0011_search_documents"),  # pg_trgm
    ]

    operations = [migrations.RunPython(forwards, backwards)]
