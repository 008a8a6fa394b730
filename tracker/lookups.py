"""`field = ANY(%s)`: a list of ids as one array parameter (PostgreSQL). Thousands of ids in an
IN (…) list cost more to build in Python (one prepared parameter each, then psycopg splicing them
into the statement) than the query takes to run (issue #17)."""

from django.db import connection
from django.db.models import F, Lookup, Q


class IdArray(str):
    """A PostgreSQL array of ids in its text form ('{1,2,3}'), built once: from a list here, or
    by PostgreSQL itself (search.selectors reads several scopes' ids as such text in one
    statement)."""

    @classmethod
    def of(cls, ids) -> "IdArray":
        return cls("{" + ",".join(str(int(pk)) for pk in ids) + "}")


class AnyOf(Lookup):
    """`lhs = ANY(%s::bigint[])`, the array sent as its text form (IdArray): psycopg's
    client-side binding quotes a list element by element in Python, which for an enlace's few
    thousand ids, repeated in each search kind's count, took longer than the queries."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        array = self.rhs if isinstance(self.rhs, IdArray) else IdArray.of(self.rhs)
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, str(array)]


def ids_in(field: str, ids) -> Q:
    """`field` among `ids` (integers, or an IdArray): one array parameter on PostgreSQL,
    IN (…) elsewhere."""
    if isinstance(ids, IdArray):
        return Q(AnyOf(F(field), ids))
    ids = list(ids)
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": ids})
    return Q(AnyOf(F(field), IdArray.of(ids)))
