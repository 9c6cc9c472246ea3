"""The site search on PostgreSQL: a search document kept by the database for groups, topics,
partner organisations and members' stories, with a GIN index, and trigram indexes over their
names for misspelt searches (``pg_trgm``). See ``oig_site/core/searchdocuments.py``."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from oig_site.core.searchdocuments import SearchDocument, add, remove

DOCUMENTS = [
    SearchDocument(
        "groups_communitygroup",
        (("name",), ("strapline", "summary", "area"), ("description", "what_members_do")),
        name="name",
    ),
    SearchDocument("groups_topic", (("name",), ("description",)), name="name"),
    SearchDocument("groups_organisation", (("name",), ("description",)), name="name"),
    SearchDocument("groups_memberstory", (("title",), ("summary",), ("body",)), name="title"),
]


# pg_trgm declares its comparisons as cheap as an equality, so on a table of a thousand rows
# PostgreSQL compares every name rather than read its trigram index (25 ms instead of 0.3 ms
# for a word like no name). Their true cost makes it use the index.
TRIGRAM_COMPARISONS = ["similarity_op(text, text)", "word_similarity_commutator_op(text, text)"]


def forwards(apps, schema_editor):
    add(schema_editor, DOCUMENTS)
    if schema_editor.connection.vendor == "postgresql":
        for function in TRIGRAM_COMPARISONS:
            schema_editor.execute(f"ALTER FUNCTION {function} COST 200")


def backwards(apps, schema_editor):
    remove(schema_editor, DOCUMENTS)
    if schema_editor.connection.vendor == "postgresql":
        for function in TRIGRAM_COMPARISONS:
            schema_editor.execute(f"ALTER FUNCTION {function} COST 1")


class Migration(migrations.Migration):
    dependencies = [("groups", "0009_get_involved_texts")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
