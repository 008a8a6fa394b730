"""Every figure of the Informe, computed by the database in a constant number of queries whatever
the period or the size of the family (one aggregate or values().annotate() per breakdown).

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
import functools

from django.db.models import (BigIntegerField, CharField, Count, Exists, F, OuterRef, Q,
                              QuerySet, Value)
from django.db.models.functions import Coalesce, NullIf, TruncMonth

from agreements.models import Acuerdo, Responsibility
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
    """Q: the session (or its group) carries one of the themes."""
    return Q(Exists(SessionThemes.objects.filter(session_id=OuterRef(session_ref),
                                                 theme_id__in=theme_ids))) | Q(
        Exists(GroupThemes.objects.filter(workinggroup_id=OuterRef(group_ref),
                                          theme_id__in=theme_ids)))


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
            | Q(Exists(AcuerdoThemes.objects.filter(acuerdo_id=OuterRef("pk"),
                                                    theme_id__in=scope.theme_ids))))
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


def attendance_figures(scope: ReportScope) -> tuple[dict, dict[str, list[dict]]]:
    """One query: the attendance totals, people by category, by state and by sex, and each
    category's states (attendance and category_states of report_figures).

    Every figure is a count of distinct people, institutions, states or sessions over the present
    attendances of counted sessions. The query returns two small groupings of those rows in one
    UNION ALL: one row per (category, state, sex, person, institution) with its attendances, and
    one per (category, state, session); the distinct counts are sets over them. Five
    COUNT(DISTINCT …) queries each joined and sorted the same attendances again (a quarter of the
    family page's SQL time at scale 1, bench/informe_scale.py); people and sessions are far
    fewer than attendances."""
    base = attendances_in_scope(scope).order_by()
    empty, none = Value("", output_field=CharField()), Value(None, output_field=BigIntegerField())
    columns = ("c", "st", "sx", "p", "i", "s")
    people = base.annotate(c=F("category"), st=F("state"), sx=F("sex"), p=F("person_id"),
                           i=F("institution_id"), s=none)
    sessions = base.annotate(c=F("category"), st=F("state"), sx=empty, p=none, i=none,
                             s=F("session_id"))
    rows = people.values(*columns).annotate(n=Count("pk")).values_list(*columns, "n").union(
        sessions.values(*columns).annotate(n=Count("pk")).values_list(*columns, "n"), all=True)

    attendances = 0
    persons, institutions, states = set(), set(), set()
    of = collections.defaultdict
    cat_people, cat_sessions, cat_states = of(set), of(set), of(set)
    state_people, state_sessions, sex_people = of(set), of(set), of(set)
    pair_people, pair_sessions, pair_women, pair_men = of(set), of(set), of(set), of(set)
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


def per_theme(scope: ReportScope, groups: list[dict]) -> list[dict]:
    """Five queries: the themes, which groups carry them, and what is tagged directly.

    A theme's figures are those of the groups that carry it (from per_group's rows, no query),
    plus the held sessions tagged with it whose group does not carry it, plus the acuerdos of
    such sessions or tagged themselves. Correlating every theme with every session (one
    subquery per theme and row) took seconds for a family of 21 groups (bench/informe_scale.py);
    the tagged exceptions are few."""
    ids = scope.group_ids
    themes = Theme.objects.filter(
        Q(owner_id__in=ids) | Q(owner_id__in=[g.parent_id for g in scope.groups if g.parent_id])
        | Q(groups__in=ids)).distinct()
    if scope.theme_ids:
        themes = themes.filter(pk__in=scope.theme_ids)
    themes = list(themes.order_by("name").values("pk", "name", "slug"))
    theme_ids = [t["pk"] for t in themes]
    if not theme_ids:
        return []
    carriers: dict[int, set[int]] = {}
    for group_id, theme_id in GroupThemes.objects.filter(
            workinggroup_id__in=ids, theme_id__in=theme_ids).values_list("workinggroup_id",
                                                                          "theme_id"):
        carriers.setdefault(theme_id, set()).add(group_id)
    carried = Exists(GroupThemes.objects.filter(workinggroup_id=OuterRef("group_id"),
                                                theme_id=OuterRef("t")))
    tagged_sessions = {r["t"]: r for r in (
        held_sessions(scope).order_by().annotate(t=F("themes")).filter(t__in=theme_ids)
        .exclude(carried).values("t")
        .annotate(held=Count("pk", distinct=True),
                  regional=Count("pk", distinct=True, filter=Q(scope=Scope.REGIONAL))))}
    acuerdos = acuerdos_in_scope(scope)
    # One row per (acuerdo, theme): the through tables hold a theme once per session/acuerdo.
    of_tagged_sessions = _adopted_fulfilled(
        acuerdos.annotate(t=F("session__themes")).filter(t__in=theme_ids).exclude(carried)
        .count_by_status(scope.today, "t"), "t")
    session_tagged = Exists(SessionThemes.objects.filter(session_id=OuterRef("session_id"),
                                                         theme_id=OuterRef("t")))
    tagged_acuerdos = _adopted_fulfilled(
        acuerdos.annotate(t=F("themes")).filter(t__in=theme_ids).exclude(carried)
        .exclude(session_tagged).count_by_status(scope.today, "t"), "t")
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


def _adopted_fulfilled(counts, key: str) -> dict:
    """{key value: {"adopted": n, "fulfilled": n}} from count_by_status rows."""
    result: dict = {}
    for r in counts:
        row = result.setdefault(r[key], {"adopted": 0, "fulfilled": 0})
        row["adopted"] += r["n"]
        if r["status_value"] == ST.FULFILLED:
            row["fulfilled"] += r["n"]
    return result


def per_group(scope: ReportScope, session_rows: list[dict]) -> list[dict]:
    """One query: each group's acuerdos by status (the totals of acuerdo_counts are their sums);
    its held (and interstate) sessions are sums of session_rows."""
    sessions: dict[int, dict] = {}
    for r in session_rows:
        if r["status"] == HELD:
            g = sessions.setdefault(r["group_id"], {"held": 0, "regional": 0})
            g["held"] += r["n"]
            g["regional"] += r["n"] if r["scope"] == Scope.REGIONAL else 0
    acuerdos: dict[int, dict] = {}
    for r in acuerdos_in_scope(scope).count_by_status(scope.today, "group_id"):
        a = acuerdos.setdefault(r["group_id"], dict.fromkeys(["adopted", *STATUSES], 0))
        a["adopted"] += r["n"]
        a[r["status_value"]] += r["n"]
    rows = []
    for g in scope.groups:
        s, a = sessions.get(g.pk, {}), acuerdos.get(g.pk, {})
        adopted, cancelled = a.get("adopted", 0), a.get(ST.CANCELLED, 0)
        rows.append({"key": g.pk, "label": g.acronym, "name": g.name,
                     "sessions_held": s.get("held", 0), "sessions_regional": s.get("regional", 0),
                     "acuerdos_adopted": adopted, "acuerdos_fulfilled": a.get(ST.FULFILLED, 0),
                     "acuerdos_by_status": {value: a.get(value, 0) for value in STATUSES},
                     "compliance": compliance(a.get(ST.FULFILLED, 0), adopted - cancelled)})
    return rows


def per_month(scope: ReportScope) -> list[dict]:
    """Two queries: held sessions and adopted acuerdos per month of the session date."""
    sessions = dict(held_sessions(scope).order_by().annotate(m=TruncMonth("date"))
                    .values("m").annotate(n=Count("pk")).values_list("m", "n"))
    acuerdos = dict(acuerdos_in_scope(scope).order_by().annotate(m=TruncMonth("session__date"))
                    .values("m").annotate(n=Count("pk")).values_list("m", "n"))
    months = sorted(set(sessions) | set(acuerdos))
    return [{"month": m, "sessions": sessions.get(m, 0), "acuerdos": acuerdos.get(m, 0)}
            for m in months]


def per_institution(scope: ReportScope) -> list[dict]:
    """One query: each responsible institution's parts of adopted, not cancelled acuerdos and how
    many are fulfilled (validated): the compliance chart."""
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
    result = [{"key": r["institution__acronym"], "label": r["institution__acronym"],
               "parts": r["parts"], "fulfilled": r["fulfilled"],
               "compliance": compliance(r["fulfilled"], r["parts"])} for r in rows]
    return sorted(result, key=lambda r: (-(r["compliance"] or 0), r["label"]))


SECTIONS = ("sessions", "acuerdos", "attendance", "category_states", "themes", "groups", "months",
            "institutions")


def report_figures(scope: ReportScope, sections=SECTIONS) -> dict:
    """Every figure of the Informe, or only those of `sections` (the page shows no months or
    institutions: its charts are separate requests that ask for theirs): 7 queries for all,
    11 when themes apply, whatever the period or family size."""
    sections = set(sections)
    sessions = functools.cache(lambda: session_rows(scope))
    groups = per_group(scope, sessions()) if sections & {"acuerdos", "themes", "groups"} else []
    attendance = functools.cache(lambda: attendance_figures(scope))
    builders = {
        "sessions": lambda: {**session_counts(sessions()), **session_places(sessions())},
        "acuerdos": lambda: acuerdo_counts(groups),
        "attendance": lambda: attendance()[0],
        "category_states": lambda: attendance()[1],
        "themes": lambda: per_theme(scope, groups),
        "groups": lambda: groups,
        "months": lambda: per_month(scope),
        "institutions": lambda: per_institution(scope),
    }
    return {name: build() for name, build in builders.items() if name in sections}


def spanish_key(text: str) -> str:
    """Sort key for Spanish names: accents ignored (Querétaro between Puebla and Quintana Roo)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text.casefold())
                   if unicodedata.category(c) != "Mn")
