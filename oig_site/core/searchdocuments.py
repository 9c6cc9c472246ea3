"""The search documents PostgreSQL keeps for the site search, written once for every app's
migrations (see ``oig_site/search.py`` for how they are read).

Each searched table gets a ``search_document`` column that the database computes itself from
the row's own text (the title or name weighted A, a summary B, the full text C), in English
(so "housed" finds "housing"), with a GIN index over it: a search finds its matches through the
index and ranks them from the stored documents, and the documents are current after every
insert and update, with no step to remember. The names and titles a misspelt search falls back
on get a trigram index (``pg_trgm``). The columns are not model fields: on SQLite (development,
tests) nothing is added, and the search matches words there instead.
"""

from dataclasses import dataclass

from django.db import DatabaseError, transaction


@dataclass(frozen=True)
class SearchDocument:
    table: str
    # Columns by weight: the first list is weight A (the title or name), then B, then C.
    weighted: tuple[tuple[str, ...], ...]
    # The column a misspelt search compares with (a trigram index is made over it), if any.
    name: str = ""

    @property
    def index(self) -> str:
        return f"{self.table}_search_document"

    @property
    def name_index(self) -> str:
        return f"{self.table}_{self.name}_trigram"

    def expression(self) -> str:
        parts = []
        for weight, columns in zip("ABC", self.weighted, strict=False):
            text = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
            parts.append(f"setweight(to_tsvector('english'::regconfig, {text}), '{weight}')")
        return " || ".join(parts)


def add(schema_editor, documents: list[SearchDocument]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for document in documents:
        schema_editor.execute(
            f"ALTER TABLE {document.table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({document.expression()}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {document.index} ON {document.table} USING gin (search_document)"
        )
        if document.name:
            schema_editor.execute(
                f"CREATE INDEX {document.name_index} ON {document.table} "
                f"USING gin ({document.name} gin_trgm_ops)"
            )
        # A new column has no statistics until autovacuum gathers them: without them
        # PostgreSQL takes every word for a rare one (see newsletters' migration 0008).
        schema_editor.execute(f"ANALYZE {document.table}")


def remove(schema_editor, documents: list[SearchDocument]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for document in documents:
        if document.name:
            schema_editor.execute(f"DROP INDEX IF EXISTS {document.name_index}")
        schema_editor.execute(f"ALTER TABLE {document.table} DROP COLUMN IF EXISTS search_document")


# pg_trgm declares its comparisons as cheap as an equality, so on a table of a thousand rows
# PostgreSQL compares every name rather than read its trigram index (25 ms instead of 0.3 ms for
# a word like no name). Given their true cost, it uses the index.
TRIGRAM_COMPARISONS = ["similarity_op(text, text)", "word_similarity_commutator_op(text, text)"]
TRIGRAM_COST, TRIGRAM_DEFAULT_COST = 200, 1


def set_trigram_costs(connection, cost: int = TRIGRAM_COST) -> bool:
    """Tell PostgreSQL what pg_trgm's comparisons cost; whether it could. Only the owner of the
    extension's functions may (a superuser here; not always on a hosted database, where the
    search still works, only its fallback for misspellings is slower). A restore from a dump
    loses the setting: ``manage.py rebuild_search_index`` sets it again."""
    if connection.vendor != "postgresql":
        return False
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for function in TRIGRAM_COMPARISONS:
                cursor.execute(f"ALTER FUNCTION {function} COST {int(cost)}")
    except DatabaseError:
        return False
    return True
