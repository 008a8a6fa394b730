"""Every figure of the Informe, computed by the database in a constant number of queries whatever
the period or the size of the family (one aggregate or values().annotate() per breakdown; every
acuerdo figure in one query, acuerdo_pass).

Definitions (docs/informe.md says the same for users):
- a session counts when it is marked held, its date is in the period and its group is in scope;
  cancelled sessions in the period are counted apart; planned ones not at all;
- its state is the session's own, else its venue's; its country the session's, else its venue's,
  else Mexico;
- acuerdos are Acuerdo.objects.adopted() (of held sessions) whose session is counted; their status
  is Acuerdo.status_on(report date); compliance = fulfilled / (adopted − cancelled);
- attendance counts the present participants of counted sessions: people are distinct persons,
  institutions distinct institutions (as on the attendance), states distinct states represented;
- with themes chosen, a session counts when it or its group carries one of them, an acuerdo when
  its session counts or the acuerdo itself carries one.
"""

import collections
import datetime
import functools

from django.db import connection
from django.db.models import (BigIntegerField, CharField, Count, Exists, F, OuterRef, Q,
                              QuerySet, Value)
from django.db.models.functions import Coalesce, NullIf, TruncMonth

from agreements.models import Acuerdo, Responsibility
from directory.models import Institution
from meetings.models import Attendance, Session, Theme, WorkingGroup
from meetings.places import Category, Country, Scope
from meetings.states import State

from .scope import ReportScope

HELD, CANCELLED = Session.Status.HELD, Session.Status.CANCELLED
ST = Acuerdo.Status
SessionThemes = Session.themes.through
GroupThemes = WorkingGroup.themes.through
AcuerdoThemes = Acuerdo.themes.through
# Choices.values builds a new list on every read; the loops below read them per row.
STATUSES, COUNTRIES = tuple(ST.values), frozenset(Country.values)

# The state and country a session is reported in (see the module docstring).
SESSION_STATE = Coalesce(NullIf(F("state"), Value("")), NullIf(F("venue__state"), Value("")),
                         Value(""))
SESSION_COUNTRY = Coalesce(NullIf(F("country"), Value("")), F("venue__country"),
                           Value(Country.MX))


def _themes_q(theme_ids, *, session_ref="pk", group_ref="group_id"):
    """Q: the session (or its group) carries one of the themes. Written as IN over the tagged
    rows, not as correlated EXISTS: inside an OR PostgreSQL hashes each list once instead of
    probing the tags for every row (the family's 15,755 acuerdos with one theme at scale 1: two
    probes per acuerdo, about half of the theme page's acuerdo query)."""
    return Q(**{f"{session_ref}__in": _tagged(SessionThemes, "session_id", theme_ids)}) | Q(
        **{f"{group_ref}__in": _tagged(GroupThemes, "workinggroup_id", theme_ids)})


def _tagged(through, column, theme_ids) -> QuerySet:
    """The ids in `column` of a themes table's rows for `theme_ids` (a subquery)."""
    return through.objects.filter(theme_id__in=theme_ids).values(column)


def sessions_in_scope(scope: ReportScope) -> QuerySet[Session]:
    """Every session of the scope's groups and period, any status (filter status yourself)."""
    sessions = Session.objects.filter(group_id__in=scope.group_ids,
                                      date__range=(scope.start, scope.end))
    if scope.theme_ids:
        sessions = sessions.filter(_themes_q(scope.theme_ids))
    return sessions


def held_sessions(scope: ReportScope) -> QuerySet[Session]:
    return sessions_in_scope(scope).filter(status=HELD)


def acuerdos_in_scope(scope: ReportScope) -> QuerySet[Acuerdo]:
    # An acuerdo's group is its session's (agreements.services.acuerdo_create): the session's
    # group_id condition changes no row, it lets PostgreSQL read the scope's sessions through
    # their group index instead of hashing every held session of the table (count_by_status of
    # the family, 5 years at scale 1: ~60 → ~42 ms, psql, loaded machine).
    acuerdos = Acuerdo.objects.adopted().filter(group_id__in=scope.group_ids,
                                                session__group_id__in=scope.group_ids,
                                                session__date__range=(scope.start, scope.end))
    if scope.theme_ids:
        acuerdos = acuerdos.filter(
            _themes_q(scope.theme_ids, session_ref="session_id", group_ref="group_id")
            | Q(pk__in=_tagged(AcuerdoThemes, "acuerdo_id", scope.theme_ids)))
    return acuerdos


def attendances_in_scope(scope: ReportScope) -> QuerySet[Attendance]:
    return Attendance.objects.filter(session__in=held_sessions(scope), present=True)


def session_rows(scope: ReportScope) -> list[dict]:
    """One query: the scope's sessions (any status) counted per group, status, type, modality,
    scope and place — session_counts, session_places and per_group sum its rows. A few hundred
    rows for the family of 21 over 5 years at scale 1 (one per place a group met at, by kind);
    three queries over the same sessions cost three compilations and round trips."""
    return list(
        sessions_in_scope(scope).order_by()
        .annotate(st=SESSION_STATE, ctry=SESSION_COUNTRY)
        .values("group_id", "status", "type", "modality", "scope", "venue_id", "venue__name",
                "st", "ctry")
        .annotate(n=Count("pk"))
    )


def session_counts(rows: list[dict]) -> dict:
    """Held and cancelled, and the held ones by type, modality and scope (from session_rows)."""
    held, cancelled = 0, 0
    by = {"type": collections.Counter(), "modality": collections.Counter(),
          "scope": collections.Counter()}
    for r in rows:
        if r["status"] == CANCELLED:
            cancelled += r["n"]
        elif r["status"] == HELD:
            held += r["n"]
            for name, counter in by.items():
                counter[r[name]] += r["n"]
    return {
        "held": held,
        "cancelled": cancelled,
        "by_type": [{"key": v, "label": str(label), "count": by["type"][v]}
                    for v, label in Session.Type.choices],
        "by_modality": [{"key": v, "label": str(label), "count": by["modality"][v]}
                        for v, label in Session.Modality.choices],
        "by_scope": [{"key": v, "label": str(label), "count": by["scope"][v]}
                     for v, label in Scope.choices],
    }


def session_places(rows: list[dict]) -> dict:
    """Held sessions by (venue, state, country, modality) — the paragraph's "rows" — and the
    venue, state and country breakdowns, their sums (from session_rows)."""
    places: dict[tuple, dict] = {}
    for r in rows:
        if r["status"] != HELD:
            continue
        key = (r["venue_id"], r["venue__name"], r["st"], r["ctry"], r["modality"])
        place = places.setdefault(key, dict(zip(
            ("venue_id", "venue__name", "st", "ctry", "modality"), key), n=0))
        place["n"] += r["n"]
    rows = list(places.values())
    venues, states, countries = {}, {}, {}
    for r in rows:
        if r["venue_id"]:
            v = venues.setdefault(r["venue_id"], {"key": r["venue_id"], "label": r["venue__name"],
                                                  "state": r["st"], "count": 0})
            v["count"] += r["n"]
        if r["st"] and r["ctry"] == Country.MX:
            s = states.setdefault(r["st"], {"key": r["st"], "label": State(r["st"]).label,
                                            "count": 0})
            s["count"] += r["n"]
        c = countries.setdefault(r["ctry"], {"key": r["ctry"], "label": Country(r["ctry"]).label
                                             if r["ctry"] in COUNTRIES else r["ctry"],
                                             "count": 0})
        c["count"] += r["n"]
    return {
        "rows": rows,
        "by_venue": sorted(venues.values(), key=lambda v: (-v["count"], v["label"])),
        "by_state": sorted(states.values(), key=lambda s: spanish_key(s["label"])),
        "by_country": sorted(countries.values(), key=lambda c: (-c["count"], c["label"])),
    }


def acuerdo_counts(groups: list[dict]) -> dict:
    """No query: the adopted acuerdos by status on the report date, summed over per_group's
    rows (the status rule runs once per acuerdo, in per_group), and the compliance rate."""
    row = {"adopted": sum(g["acuerdos_adopted"] for g in groups)}
    for value in STATUSES:
        row[value] = sum(g["acuerdos_by_status"][value] for g in groups)
    return {**row, "compliance": compliance(row["fulfilled"], row["adopted"] - row["cancelled"])}


def compliance(fulfilled: int, countable: int) -> float | None:
    """Fulfilled over adopted and not cancelled, in percent with one decimal (None: nothing)."""
    return round(100 * fulfilled / countable, 1) if countable else None


def attendance_groupings(attendances: QuerySet, *, grouping_sets: bool) -> tuple[str, list]:
    """(SQL, params) of attendance_figures' rows over `attendances` (present ones of counted
    sessions): (category, state, sex, person, institution, None, n) per person row and
    (category, state, "", None, None, session, n) per session row.

    grouping_sets=True (PostgreSQL) reads the attendances once for both groupings (GROUPING
    SETS); the UNION ALL of two GROUP BYs (SQLite has no GROUPING SETS) reads and joins them
    once per grouping (the family, 5 years, scale 1: ~37 → ~29 ms alternating).
    tests/test_informe_attendance.py checks that both give the same rows."""
    base = attendances.order_by()
    columns = ("c", "st", "sx", "p", "i", "s")
    if grouping_sets:
        # A session row's sex is "" and its person and institution NULL, as in the UNION's.
        sql, params = base.annotate(
            c=F("category"), st=F("state"), sx=F("sex"), p=F("person_id"),
            i=F("institution_id"), s=F("session_id")).values(*columns).query.sql_with_params()
        return ("SELECT a.c, a.st, CASE WHEN GROUPING(a.s) = 0 THEN '' ELSE a.sx END, a.p, a.i, "
                f"a.s, COUNT(*) FROM ({sql}) a "
                "GROUP BY GROUPING SETS ((a.c, a.st, a.sx, a.p, a.i), (a.c, a.st, a.s))",
                list(params))
    empty = Value("", output_field=CharField())
    none = Value(None, output_field=BigIntegerField())
    people = base.annotate(c=F("category"), st=F("state"), sx=F("sex"), p=F("person_id"),
                           i=F("institution_id"), s=none)
    sessions = base.annotate(c=F("category"), st=F("state"), sx=empty, p=none, i=none,
                             s=F("session_id"))
    sql, params = people.values(*columns).annotate(n=Count("pk")).values_list(*columns, "n").union(
        sessions.values(*columns).annotate(n=Count("pk")).values_list(*columns, "n"),
        all=True).query.sql_with_params()
    return sql, list(params)


def attendance_figures(scope: ReportScope) -> tuple[dict, dict[str, list[dict]]]:
    """One query: the attendance totals, people by category, by state and by sex, and each
    category's states (attendance and category_states of report_figures).

    Every figure is a count of distinct people, institutions, states or sessions over the present
    attendances of counted sessions. The query (attendance_groupings) returns two small
    groupings of those rows: one row per (category, state, sex, person, institution) with its
    attendances, and one per (category, state, session); the distinct counts are sets over
    them. Five COUNT(DISTINCT …) queries each joined and sorted the same attendances again (a
    quarter of the family page's SQL time at scale 1, bench/informe_scale.py); people and
    sessions are far fewer than attendances."""
    sql, params = attendance_groupings(
        attendances_in_scope(scope), grouping_sets=connection.vendor == "postgresql")

    attendances = 0
    persons, institutions, states = set(), set(), set()
    of = collections.defaultdict
    cat_people, cat_sessions, cat_states = of(set), of(set), of(set)
    state_people, state_sessions, sex_people = of(set), of(set), of(set)
    pair_people, pair_sessions, pair_women, pair_men = of(set), of(set), of(set), of(set)
    # Read through the cursor: the values are plain ids, codes and counts, and the ORM's
    # per-value converters for the annotated columns cost ~4 ms of Python over the family's
    # ~2,900 rows (cProfile).
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for category, state, sex, person, institution, session, n in rows:
        pair = (category, state) if category and state else None
        if person is None:  # a (category, state, session) row
            cat_sessions[category].add(session)
            if state:
                state_sessions[state].add(session)
            if pair:
                pair_sessions[pair].add(session)
            continue
        attendances += n
        persons.add(person)
        institutions.add(institution)
        cat_people[category].add(person)
        sex_people[sex].add(person)
        if state:
            states.add(state)
            cat_states[category].add(state)
            state_people[state].add(person)
        if pair:
            pair_people[pair].add(person)
            if sex == "female":
                pair_women[pair].add(person)
            elif sex == "male":
                pair_men[pair].add(person)

    attendance = {
        "attendances": attendances, "people": len(persons), "institutions": len(institutions),
        "states": len(states),
        "by_category": [
            {"key": value, "label": str(label), "people": len(cat_people.get(value, ())),
             "sessions": len(cat_sessions.get(value, ())),
             "states": len(cat_states.get(value, ()))}
            for value, label in [("", "—")] + list(Category.choices)
            if value or value in cat_people
        ],
        "by_state": sorted(
            ({"key": st, "label": State(st).label, "people": len(state_people[st]),
              "sessions": len(state_sessions[st])} for st in state_people),
            key=lambda r: spanish_key(r["label"])),
        "by_sex": [{"key": value, "label": str(label), "people": len(sex_people.get(value, ()))}
                   for value, label in Attendance._meta.get_field("sex").choices],
    }
    # For each category, the states represented with the sessions attended and the people who
    # attended for each ("a 25 sesiones asistieron 14 gobernadoras y gobernadores…").
    category_states: dict[str, list[dict]] = {}
    for (category, state), who in pair_people.items():
        category_states.setdefault(category, []).append(
            {"key": state, "label": State(state).label, "sessions": len(pair_sessions[category, state]),
             "people": len(who), "women": len(pair_women.get((category, state), ())),
             "men": len(pair_men.get((category, state), ()))})
    for rows_ in category_states.values():
        rows_.sort(key=lambda s: spanish_key(s["label"]))
    return attendance, category_states


def scope_themes(scope: ReportScope) -> tuple[list[dict], dict[int, set[int]]]:
    """Two queries: the themes of the scope (of its groups, their parents or chosen) and, for
    each, the scope's groups that carry it."""
    ids = scope.group_ids
    themes = Theme.objects.filter(
        Q(owner_id__in=ids) | Q(owner_id__in=[g.parent_id for g in scope.groups if g.parent_id])
        | Q(groups__in=ids)).distinct()
    if scope.theme_ids:
        themes = themes.filter(pk__in=scope.theme_ids)
    themes = list(themes.order_by("name").values("pk", "name", "slug"))
    carriers: dict[int, set[int]] = {}
    if themes:
        for group_id, theme_id in GroupThemes.objects.filter(
                workinggroup_id__in=ids, theme_id__in=[t["pk"] for t in themes]).values_list(
                    "workinggroup_id", "theme_id"):
            carriers.setdefault(theme_id, set()).add(group_id)
    return themes, carriers


def acuerdo_pass(scope: ReportScope, *, theme_ids=(), months=False, institutions=False) -> dict:
    """One query for every acuerdo figure: the scope's acuerdos with their status
    (AcuerdoQuerySet.with_status, the SQL form of Acuerdo.status_on) are compiled once, and each
    breakdown is a GROUP BY over them, the branches glued with UNION ALL:

    - "group": acuerdos per group and status (per_group, and acuerdo_counts its sums);
    - "session_theme" / "acuerdo_theme": for each of `theme_ids`, the acuerdos of sessions tagged
      with it, and the acuerdos tagged themselves (their session not), whose group does not carry
      it (per_theme's exceptions), by status;
    - "month" (months=True): acuerdos per month of their session's date (per_month), summed
      from the group branch, grouped by month as well;
    - "institution" (institutions=True): the responsable parts of the commitments not cancelled,
      and how many are fulfilled (validated), per institution (per_institution).

    The same figures took one count_by_status per breakdown (three, each compiling the rule's
    subqueries again: about a quarter of the page's Python time for one group at scale 1) plus
    one query per month and one per institution, each walking the scope's acuerdos again
    (bench/informe_scale.py, docs/benchmarks.md)."""
    # The acuerdos' columns under names of their own (the branches below read them as a.x_…).
    columns = {"x_status": F("status_value"), "x_id": F("pk"), "x_group": F("group_id"),
               "x_session": F("session_id")}
    if months:
        columns["x_month"] = TruncMonth("session__date")
    if institutions:
        columns.update(x_cancelled_at=F("cancelled_at"), x_kind=F("kind"))
    inner = acuerdos_in_scope(scope).with_status(scope.today).order_by().values(**columns)
    sql, inner_params = inner.query.sql_with_params()
    # Each branch reads the compiled acuerdos as its own subquery, not one WITH: PostgreSQL
    # pulls each into its branch's joins, so the status subqueries run only where a branch
    # reads the status (months and institutions never do) and the theme branches start from
    # their few tagged rows. A materialized WITH cost more than the separate queries did
    # (the family, 5 years, scale 1: 141 ms against 116 ms for the API's three, alternating).
    acuerdos = f"({sql}) a"
    q = connection.ops.quote_name
    session_themes, group_themes, acuerdo_themes, parts, institution = (
        q(m._meta.db_table) for m in (SessionThemes, GroupThemes, AcuerdoThemes, Responsibility,
                                      Institution))
    # (SQL, its parameters in order): each branch repeats the acuerdos' own.
    # The months ride on the group branch (a sixth column, NULL elsewhere): a branch of their
    # own joined the scope's acuerdos to their sessions once more for a count (~20 ms of the
    # API's and the XLSX's SQL for the family, 5 years, scale 1, EXPLAIN ANALYZE); grouped by
    # month too, the group branch returns a few hundred rows more, summed below.
    month = "CAST(a.x_month AS TEXT)" if months else "NULL"
    month_key = ", a.x_month" if months else ""
    branches = [(f"SELECT 'group', CAST(a.x_group AS TEXT), a.x_status, COUNT(*), 0, {month} "
                 f"FROM {acuerdos} GROUP BY a.x_group, a.x_status{month_key}", list(inner_params))]
    if theme_ids:
        in_themes = ", ".join(["%s"] * len(theme_ids))
        carried = (f"EXISTS (SELECT 1 FROM {group_themes} gt WHERE gt.workinggroup_id = a.x_group "
                   "AND gt.theme_id = t.theme_id)")
        branches.append((
            f"SELECT 'session_theme', CAST(t.theme_id AS TEXT), a.x_status, COUNT(*), 0, NULL "
            f"FROM {acuerdos} INNER JOIN {session_themes} t ON t.session_id = a.x_session "
            f"WHERE t.theme_id IN ({in_themes}) AND NOT {carried} "
            "GROUP BY t.theme_id, a.x_status", [*inner_params, *theme_ids]))
        branches.append((
            f"SELECT 'acuerdo_theme', CAST(t.theme_id AS TEXT), a.x_status, COUNT(*), 0, NULL "
            f"FROM {acuerdos} INNER JOIN {acuerdo_themes} t ON t.acuerdo_id = a.x_id "
            f"WHERE t.theme_id IN ({in_themes}) AND NOT {carried} AND NOT EXISTS (SELECT 1 FROM "
            f"{session_themes} st WHERE st.session_id = a.x_session AND st.theme_id = t.theme_id) "
            "GROUP BY t.theme_id, a.x_status", [*inner_params, *theme_ids]))
    if institutions:
        # Parts of informational acuerdos report nothing: the acuerdo counts fulfilled above.
        # Grouped by institution id, then named: joined per part, the institutions were read
        # once per part by index. The parts' copy of their acuerdo's group
        # (Responsibility.acuerdo_group) changes no row — the acuerdos are the scope's groups'
        # already — it lets PostgreSQL read the groups' responsable parts as one range of
        # resp_group_responsable_idx and hash them against the acuerdos instead of probing
        # resp_responsable_idx once per acuerdo (the family, 5 years, scale 1: 15,451 probes,
        # 46,354 buffer hits; this branch alone ~59 → ~51 ms median on a loaded machine).
        in_groups = ", ".join(["%s"] * len(scope.group_ids))
        branches.append((
            f"SELECT 'institution', i.acronym, NULL, x.n, x.fulfilled, NULL FROM (SELECT "
            f"r.institution_id, COUNT(*) AS n, SUM(CASE WHEN r.status = %s THEN 1 ELSE 0 END) "
            f"AS fulfilled FROM {acuerdos} INNER JOIN {parts} r ON r.acuerdo_id = a.x_id "
            f"WHERE r.role = %s AND r.acuerdo_group_id IN ({in_groups}) "
            "AND a.x_cancelled_at IS NULL AND a.x_kind = %s "
            f"GROUP BY r.institution_id) x INNER JOIN {institution} i ON i.id = x.institution_id",
            [Responsibility.Status.FULFILLED, *inner_params, Responsibility.Role.RESPONSABLE,
             *scope.group_ids, Acuerdo.Kind.COMMITMENT]))
    sql = " UNION ALL ".join(branch for branch, _ in branches)
    params = [p for _, branch_params in branches for p in branch_params]
    result: dict = {"group": {}, "session_theme": {}, "acuerdo_theme": {}, "month": {},
                    "institution": {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    by_month: dict[str, int] = collections.Counter()
    for kind, key, status, n, fulfilled, month in rows:
        if kind == "institution":
            # Summed per acronym, as the chart shows them.
            parts_, done = result[kind].get(key, (0, 0))
            result[kind][key] = (parts_ + n, done + int(fulfilled or 0))
        else:
            # A Counter only for a new key: setdefault built one per row, ~2,700 rows for the
            # family over 5 years with months (about a quarter of this function's Python time).
            counts = result[kind].get(key := int(key))
            if counts is None:
                counts = result[kind][key] = collections.Counter()
            counts[status] += n
            if month is not None:
                by_month[month] += n
    # PostgreSQL truncates to a timestamp ("2025-01-01 00:00:00+00"), SQLite to "2025-01-01":
    # the month is its first day either way, a date as TruncMonth gives.
    for month, n in by_month.items():
        day = datetime.date.fromisoformat(month[:10])
        result["month"][day] = result["month"].get(day, 0) + n
    return result


def per_theme(scope: ReportScope, groups: list[dict], themes: list[dict],
              carriers: dict[int, set[int]], acuerdos: dict) -> list[dict]:
    """One query (themes and carriers come from scope_themes, the acuerdos tagged directly from
    acuerdo_pass): the held sessions tagged directly.

    A theme's figures are those of the groups that carry it (from per_group's rows, no query),
    plus the held sessions tagged with it whose group does not carry it, plus the acuerdos of
    such sessions or tagged themselves. Correlating every theme with every session (one
    subquery per theme and row) took seconds for a family of 21 groups (bench/informe_scale.py);
    the tagged exceptions are few."""
    theme_ids = [t["pk"] for t in themes]
    if not theme_ids:
        return []
    carried = Exists(GroupThemes.objects.filter(workinggroup_id=OuterRef("group_id"),
                                                theme_id=OuterRef("t")))
    tagged_sessions = {r["t"]: r for r in (
        held_sessions(scope).order_by().annotate(t=F("themes")).filter(t__in=theme_ids)
        .exclude(carried).values("t")
        .annotate(held=Count("pk", distinct=True),
                  regional=Count("pk", distinct=True, filter=Q(scope=Scope.REGIONAL))))}
    of_tagged_sessions = _adopted_fulfilled(acuerdos["session_theme"])
    tagged_acuerdos = _adopted_fulfilled(acuerdos["acuerdo_theme"])
    by_group = {g["key"]: g for g in groups}
    rows = []
    for t in themes:
        mine = [by_group[pk] for pk in carriers.get(t["pk"], ()) if pk in by_group]
        ts, ta, tt = (d.get(t["pk"], {}) for d in (tagged_sessions, of_tagged_sessions,
                                                   tagged_acuerdos))
        rows.append({
            "key": t["slug"], "id": t["pk"], "label": t["name"], "pk": t["pk"],
            "name": t["name"], "slug": t["slug"],
            "sessions_held": sum(g["sessions_held"] for g in mine) + ts.get("held", 0),
            "sessions_regional": sum(g["sessions_regional"] for g in mine)
            + ts.get("regional", 0),
            "acuerdos_adopted": sum(g["acuerdos_adopted"] for g in mine) + ta.get("adopted", 0)
            + tt.get("adopted", 0),
            "acuerdos_fulfilled": sum(g["acuerdos_fulfilled"] for g in mine)
            + ta.get("fulfilled", 0) + tt.get("fulfilled", 0),
        })
    return rows


def _adopted_fulfilled(counts: dict[int, collections.Counter]) -> dict:
    """{theme id: {"adopted": n, "fulfilled": n}} from acuerdo_pass' counts by status."""
    return {key: {"adopted": sum(by_status.values()), "fulfilled": by_status[ST.FULFILLED]}
            for key, by_status in counts.items()}


def per_group(scope: ReportScope, session_rows: list[dict], acuerdos: dict) -> list[dict]:
    """No query: each group's acuerdos by status (acuerdo_pass; the totals of acuerdo_counts are
    their sums); its held (and interstate) sessions are sums of session_rows."""
    sessions: dict[int, dict] = {}
    for r in session_rows:
        if r["status"] == HELD:
            g = sessions.setdefault(r["group_id"], {"held": 0, "regional": 0})
            g["held"] += r["n"]
            g["regional"] += r["n"] if r["scope"] == Scope.REGIONAL else 0
    rows = []
    for g in scope.groups:
        s, a = sessions.get(g.pk, {}), acuerdos["group"].get(g.pk, collections.Counter())
        adopted, cancelled = sum(a.values()), a[ST.CANCELLED]
        rows.append({"key": g.pk, "label": g.acronym, "name": g.name,
                     "sessions_held": s.get("held", 0), "sessions_regional": s.get("regional", 0),
                     "acuerdos_adopted": adopted, "acuerdos_fulfilled": a[ST.FULFILLED],
                     "acuerdos_by_status": {value: a[value] for value in STATUSES},
                     "compliance": compliance(a[ST.FULFILLED], adopted - cancelled)})
    return rows


def per_month(scope: ReportScope, acuerdos: dict | None = None) -> list[dict]:
    """Held sessions and adopted acuerdos per month of the session date: one query with the
    acuerdos of acuerdo_pass (the report's), two alone (the chart)."""
    sessions = dict(held_sessions(scope).order_by().annotate(m=TruncMonth("date"))
                    .values("m").annotate(n=Count("pk")).values_list("m", "n"))
    if acuerdos is None:
        acuerdos = dict(acuerdos_in_scope(scope).order_by().annotate(m=TruncMonth("session__date"))
                        .values("m").annotate(n=Count("pk")).values_list("m", "n"))
    else:
        acuerdos = acuerdos["month"]
    months = sorted(set(sessions) | set(acuerdos))
    return [{"month": m, "sessions": sessions.get(m, 0), "acuerdos": acuerdos.get(m, 0)}
            for m in months]


def per_institution(scope: ReportScope, acuerdos: dict | None = None) -> list[dict]:
    """Each responsible institution's parts of adopted, not cancelled acuerdos and how many are
    fulfilled (validated): the compliance chart. From acuerdo_pass (the report's), or one query
    (the chart alone) — tests/test_informe_done_when.py checks that both count the same."""
    if acuerdos is not None:
        return _institution_rows((key, parts, fulfilled) for key, (parts, fulfilled)
                                 in acuerdos["institution"].items())
    parts = Responsibility.objects.filter(
        role=Responsibility.Role.RESPONSABLE, acuerdo__cancelled_at__isnull=True,
        # Parts of informational acuerdos report nothing: the acuerdo counts fulfilled above.
        acuerdo__kind=Acuerdo.Kind.COMMITMENT,
        acuerdo__group_id__in=scope.group_ids, acuerdo__session__status=HELD,
        # Redundant as in acuerdos_in_scope: with the sessions read by group, PostgreSQL walks
        # the scope's acuerdos to their parts by index instead of hashing a parallel scan of
        # every part of the table (family, 5 years, scale 1: ~100 → ~60 ms on a loaded machine).
        acuerdo__session__group_id__in=scope.group_ids,
        acuerdo__session__date__range=(scope.start, scope.end))
    if scope.theme_ids:  # the same acuerdos as acuerdos_in_scope (joins above are its no-theme form)
        parts = parts.filter(acuerdo__in=acuerdos_in_scope(scope))
    rows = (
        parts
        .order_by().values("institution__acronym")
        .annotate(parts=Count("pk"),
                  fulfilled=Count("pk", filter=Q(status=Responsibility.Status.FULFILLED)))
    )
    return _institution_rows((r["institution__acronym"], r["parts"], r["fulfilled"])
                             for r in rows)


def _institution_rows(rows) -> list[dict]:
    result = [{"key": key, "label": key, "parts": parts, "fulfilled": fulfilled,
               "compliance": compliance(fulfilled, parts)} for key, parts, fulfilled in rows]
    return sorted(result, key=lambda r: (-(r["compliance"] or 0), r["label"]))


SECTIONS = ("sessions", "acuerdos", "attendance", "category_states", "themes", "groups", "months",
            "institutions")


def report_figures(scope: ReportScope, sections=SECTIONS) -> dict:
    """Every figure of the Informe, or only those of `sections` (the page shows no months or
    institutions: its charts are separate requests that ask for theirs): 5 queries for all,
    7 when themes apply, whatever the period or family size (the page: 4 and 6)."""
    sections = set(sections)
    sessions = functools.cache(lambda: session_rows(scope))
    themes, carriers = scope_themes(scope) if "themes" in sections else ([], {})
    acuerdos = None
    if sections & {"acuerdos", "themes", "groups"}:
        # Months and institutions ride along when the acuerdos are counted anyway; a chart
        # alone asks for its own (cheaper: it needs no status).
        acuerdos = acuerdo_pass(scope, theme_ids=[t["pk"] for t in themes],
                                months="months" in sections,
                                institutions="institutions" in sections)
    groups = per_group(scope, sessions(), acuerdos) if acuerdos is not None else []
    attendance = functools.cache(lambda: attendance_figures(scope))
    builders = {
        "sessions": lambda: {**session_counts(sessions()), **session_places(sessions())},
        "acuerdos": lambda: acuerdo_counts(groups),
        "attendance": lambda: attendance()[0],
        "category_states": lambda: attendance()[1],
        "themes": lambda: per_theme(scope, groups, themes, carriers, acuerdos),
        "groups": lambda: groups,
        "months": lambda: per_month(scope, acuerdos),
        "institutions": lambda: per_institution(scope, acuerdos),
    }
    return {name: build() for name, build in builders.items() if name in sections}


def spanish_key(text: str) -> str:
    """Sort key for Spanish names: accents ignored (Querétaro between Puebla and Quintana Roo)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text.casefold())
                   if unicodedata.category(c) != "Mn")
