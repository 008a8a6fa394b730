"""Querysets compiled once (issue 17): a read that runs on every request, with the same shape each
time and only its values changing, spent more CPU in the ORM building and compiling its SQL than
the database spent running it. `Compiled(build)` calls `build(*markers)` once per database, with
marker values standing for the arguments, compiles the queryset and remembers where the markers
landed among the parameters; later calls run that SQL with the real values in those places.

Only for querysets whose SQL does not depend on the arguments' values (an id, a text; not a list
spliced into IN (…), which changes length: use tracker.lookups.ids_in's one array parameter on
PostgreSQL). tests/test_compiled.py checks each use against the ORM's own query."""

from collections import namedtuple

from django.db import connections, router
from django.db.models.query import get_related_populators

# Unlikely values, each told apart from the others and from any constant of the query: the
# default markers, and the ones a caller names when it needs some of them (an IdArray of one).
MARKERS = tuple(-7_346_000_000_000 - n for n in range(8))


def fixed_sql_cursor(connection, *, prepare: bool = True):
    """A cursor for SQL whose text never changes, only its parameters: on PostgreSQL its
    statements are prepared (tracker.postgresql), parsed and planned once per connection instead
    of once per request; elsewhere, or with prepare=False, a plain cursor."""
    prepared = getattr(connection, "prepared_cursor", None) if prepare else None
    return prepared() if prepared is not None else connection.cursor()


def fixed_sql_read(connection, sql, params, *, one: bool = False, prepare: bool = True):
    """The rows (one=True: the first row or None) of a read whose SQL text never changes, as
    fixed_sql_cursor runs it; on PostgreSQL through the backend's prepared_read (without
    Django's cursor wrapper where nothing watches the queries)."""
    read = getattr(connection, "prepared_read", None) if prepare else None
    if read is not None:
        return read(sql, params, one=one)
    with fixed_sql_cursor(connection, prepare=prepare) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if one else cursor.fetchall()


class Compiled:
    def __init__(self, build, *, model, flat: bool = False, named: bool = False,
                 dicts: bool = False, instances: bool = False, markers=None,
                 prepare: bool = True):
        """build(*args) -> a values_list queryset of `model`: rows come back as tuples, named
        tuples (named=True), dicts (dicts=True, for a values() queryset) or, with flat=True, a list
        of the one column's values; instances=True for a plain queryset (select_related too): model
        instances as QuerySet's ModelIterable builds them. `markers`: the values to build with when
        an argument is not a parameter as given (an IdArray's text). prepare=False: not a prepared
        statement (a read whose best plan depends on its values: a prepared statement may settle
        on one generic plan for all)."""
        self.build, self.model, self.flat, self.named, self.dicts = build, model, flat, named, dicts
        self.instances, self.prepare = instances, prepare
        self.markers = tuple(markers) if markers is not None else MARKERS
        self._cache: dict = {}

    def _sql(self, connection, nargs: int):
        key = (connection.alias, connection.vendor, nargs)
        cached = self._cache.get(key)
        if cached is None:
            markers = self.markers[:nargs]
            queryset = self.build(*markers)
            compiler = queryset.query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            places = []
            for pos, value in enumerate(params):
                if value in markers:
                    places.append((pos, markers.index(value)))
            if sorted({arg for _pos, arg in places}) != list(range(nargs)):
                raise ValueError("an argument did not reach the SQL as a parameter")
            converters = compiler.get_converters([col for col, _, _ in compiler.select])
            row_type = None
            if self.named or self.dicts:
                # The column names as QuerySet.values()/values_list(named=True) give them.
                query = queryset.query
                names = tuple(query.selected) if query.selected else (
                    *query.extra_select, *query.values_select, *query.annotation_select)
                if self.named and queryset._fields:
                    names = tuple(queryset._fields)
                row_type = namedtuple("Row", names)._make if self.named else names
            if self.instances:  # what ModelIterable prepares once per query, kept
                info, select = compiler.klass_info, compiler.select
                fields = info["select_fields"]
                start, end = fields[0], fields[-1] + 1
                row_type = (info["model"], start, end,
                            [col[0].target.attname for col in select[start:end]],
                            get_related_populators(info, select, connection.alias),
                            compiler.annotation_col_map)
            cached = (sql, tuple(params), tuple(places), converters, row_type)
            self._cache[key] = cached
        return cached

    def __call__(self, *args) -> list:
        connection = connections[router.db_for_read(self.model)]
        sql, params, places, converters, row_type = self._sql(connection, len(args))
        params = list(params)
        for pos, arg in places:
            params[pos] = args[arg]
        rows = fixed_sql_read(connection, sql, params, prepare=self.prepare)
        if converters:
            rows = [list(row) for row in rows]
            for row in rows:
                for pos, (funcs, expression) in converters.items():
                    for func in funcs:
                        row[pos] = func(row[pos], expression, connection)
        if self.flat:
            return [row[0] for row in rows]
        if self.dicts:
            return [dict(zip(row_type, row)) for row in rows]
        if self.instances:
            return self._instances(connection.alias, row_type, rows)
        if row_type is not None:
            return [row_type(row) for row in rows]
        return rows

    @staticmethod
    def _instances(db, prepared, rows):
        model, start, end, init_list, populators, annotations = prepared
        out = []
        for row in rows:
            obj = model.from_db(db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, pos in annotations.items():
                setattr(obj, name, row[pos])
            out.append(obj)
        return out
