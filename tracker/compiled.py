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

# Unlikely values, each told apart from the others and from any constant of the query.
_MARKERS = tuple(-7_346_000_000_000 - n for n in range(8))


class Compiled:
    def __init__(self, build, *, model, flat: bool = False, named: bool = False, markers=None):
        """build(*args) -> a values_list queryset of `model`: rows come back as tuples, named
        tuples (named=True) or, with flat=True, a list of the one column's values. `markers`: the
        values to build with when an argument is not a parameter as given (an IdArray's text)."""
        self.build, self.model, self.flat, self.named = build, model, flat, named
        self.markers = tuple(markers) if markers is not None else _MARKERS
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
            if self.named:
                query = queryset.query
                row_type = namedtuple("Row", [*query.extra_select, *query.values_select,
                                              *query.annotation_select])
            cached = (sql, tuple(params), tuple(places), converters, row_type)
            self._cache[key] = cached
        return cached

    def __call__(self, *args) -> list:
        connection = connections[router.db_for_read(self.model)]
        sql, params, places, converters, row_type = self._sql(connection, len(args))
        params = list(params)
        for pos, arg in places:
            params[pos] = args[arg]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [list(row) for row in rows]
            for row in rows:
                for pos, (funcs, expression) in converters.items():
                    for func in funcs:
                        row[pos] = func(row[pos], expression, connection)
        if self.flat:
            return [row[0] for row in rows]
        if row_type is not None:
            return [row_type._make(row) for row in rows]
        return rows
