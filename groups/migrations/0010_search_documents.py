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


def forwards(apps, schema_editor):
    add(schema_editor, DOCUMENTS)


def backwards(apps, schema_editor):
    remove(schema_editor, DOCUMENTS)


class Migration(migrations.Migration):
    dependencies = [("groups", "0009_get_involved_texts")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
