"""The site search on PostgreSQL: a search document kept by the database for groups, topics,
partner organisations and members' stories, with a GIN index, and trigram indexes over their
names for misspelt searches (``pg_trgm``). See ``oig_site/core/searchdocuments.py``."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from oig_site.core.searchdocuments import (
    TRIGRAM_DEFAULT_COST,
    SearchDocument,
    add,
    remove,
    set_trigram_costs,
)

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


def forwards(apps, schema_editor):
    add(schema_editor, DOCUMENTS)
    set_trigram_costs(schema_editor.connection)


def backwards(apps, schema_editor):
    remove(schema_editor, DOCUMENTS)
    set_trigram_costs(schema_editor.connection, TRIGRAM_DEFAULT_COST)


class Migration(migrations.Migration):
    dependencies = [("groups", "0010_easy_read")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
