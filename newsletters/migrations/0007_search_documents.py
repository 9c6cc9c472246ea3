"""Searching the newsletters on PostgreSQL: each issue and section keeps its search document
(its words, stemmed in English, the title or heading weighted above the text) in a column the
database computes itself, with a GIN index over it. A search then finds its matches through the
index and ranks them from the stored documents, instead of reading every section's text on
every search. On SQLite (development, tests) nothing changes: search matches words there.

The columns are not model fields: the database fills them in on every insert and update, and
``newsletters.search`` reads them only on PostgreSQL."""

from django.db import migrations

# (table, the column holding the title or heading, the column holding the text)
DOCUMENTS = [
    ("newsletters_issue", "title", "introduction"),
    ("newsletters_section", "heading", "body"),
]


def document_sql(heading: str, text: str) -> str:
    return (
        f"setweight(to_tsvector('english'::regconfig, COALESCE({heading}, '')), 'A') || "
        f"setweight(to_tsvector('english'::regconfig, COALESCE({text}, '')), 'B')"
    )


def add_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, heading, text in DOCUMENTS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({document_sql(heading, text)}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {table}_search_document ON {table} USING gin (search_document)"
        )


def remove_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _heading, _text in DOCUMENTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0006_image_variants"),
    ]

    operations = [
        migrations.RunPython(add_search_documents, remove_search_documents),
    ]
