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


class AnyOfSubquery(Lookup):
    """`lhs = ANY(ARRAY(subquery))`: PostgreSQL reads the subquery once, before the outer query
    (an InitPlan), and then the outer table's index with the array, as for literal ids. As
    `lhs IN (subquery)` it guessed the subquery's size from the whole table: an enlace's 36
    groups planned as "most groups", so every session of the table was scanned and hashed
    (20,000 at scale 1, ~8 ms) to keep a hundred."""

    lookup_name = "any_of_subquery"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]


def in_subquery(field: str, queryset) -> Q:
    """`field` among the values of a one-column queryset, read first as an array on PostgreSQL
    (AnyOfSubquery), IN (subquery) elsewhere. For small subqueries (a user's groups, their
    sessions) whose size the planner cannot know."""
    if not queryset.query.values_select:
        # IN (subquery of rows) means their primary keys; ARRAY(…) needs the one column named.
        queryset = queryset.values("pk")
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": queryset})
    # Unordered: an IN drops the subquery's ordering by itself, an ARRAY(…) would sort for it
    # (a model's default ordering can even join another table).
    return Q(AnyOfSubquery(F(field), queryset.order_by()))
