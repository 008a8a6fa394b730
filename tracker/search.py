"""Accent- and case-insensitive text search on both databases: `field__search_contains=value`
finds "revisarán" for "revisaran" and "REVISARÁN".

PostgreSQL compares lower(unaccent(column)) (the unaccent extension, created by migration
agreements 0007); SQLite has no unaccent, so each connection gets a Python function of that name
that strips accents and lower-cases. The typed value is folded the same way in Python."""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, Lookup, TextField


def fold(value) -> str:
    """Lower case without accents (NFKD, combining marks dropped): "REVISARÁN" -> "revisaran"."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(value))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SearchContains(Lookup):
    lookup_name = "search_contains"

    def get_db_prep_lookup(self, value, connection):
        return "%s", ["%" + _escape_like(fold(value)) + "%"]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            column = f"LOWER(UNACCENT({lhs}))"
        else:
            column = f"UNACCENT({lhs})"  # our SQLite function lower-cases too
        return f"{column} LIKE {rhs} ESCAPE '\\'", [*lhs_params, *rhs_params]


def _sqlite_unaccent(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent", 1, fold, deterministic=True)


def register() -> None:
    CharField.register_lookup(SearchContains)
    TextField.register_lookup(SearchContains)
    connection_created.connect(_sqlite_unaccent, dispatch_uid="tracker.search.sqlite_unaccent")
