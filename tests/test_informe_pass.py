"""reports.selectors.acuerdo_pass counts every acuerdo figure of the Informe in one query (per
group by status, the themes' tagged exceptions, per month, per institution). Each figure here is
recounted in Python from Acuerdo.status_on, the rule's Python form, over a family whose acuerdos
cover every status, both kinds, cancelled ones, themes carried by a group and themes tagged on a
session or on an acuerdo only."""

import collections
import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Acuerdo, Responsibility
from meetings.models import Session, Theme
from reports.scope import build_scope
from reports.selectors import report_figures

from .factories import (GroupFactory, InstitutionFactory, make_acuerdo_in_states,
                        make_acuerdo_without_responsable, make_session)

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 20)


def _family():
    members = [InstitutionFactory() for _ in range(3)]
    body = GroupFactory(members=members)
    child = GroupFactory(members=members, parent=body)
    carried, tagged = (Theme.objects.create(name=n, slug=n, owner=body) for n in ("tala", "trata"))
    child.themes.add(carried)  # the child carries "tala": its acuerdos all count for it
    sessions = [make_session(group=g, date=d) for g in (body, child)
                for d in (dt.date(2025, 5, 6), dt.date(2025, 6, 3))]
    sessions[0].themes.add(tagged)  # the body's first session is tagged "trata"
    sessions[2].themes.add(carried)  # tagged with what its group carries: counted once
    statuses = list(Responsibility.Status)
    combos = itertools.product([dt.date(2025, 6, 10), dt.date(2025, 6, 30), None], statuses,
                               statuses, [False, True], Acuerdo.Kind.values)
    for n, (due, sa, sb, cancel, kind) in enumerate(combos):
        if n % 5:  # a fifth keeps the test quick and still reaches every status
            continue
        session = sessions[n % 4]
        acuerdo = make_acuerdo_in_states(session, institutions=members, cancel=cancel,
                                         statuses=(sa, sb, statuses[n % 4]), due_date=due,
                                         kind=kind)
        if n % 3 == 0:
            acuerdo.themes.add(tagged)  # tagged itself, whatever its session
    make_acuerdo_without_responsable(sessions[3], due_date=dt.date(2025, 6, 30))
    return body, child, carried, tagged


def test_it_counts_each_breakdown_as_the_rule_gives_each_acuerdo():
    body, child, carried, tagged = _family()
    scope = build_scope(chosen_ids=[body.pk], include_descendants=True,
                        start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), today=DAY)
    with CaptureQueriesContext(connection) as captured:
        figures = report_figures(scope)
    # sessions, held sessions per month, acuerdo_pass, attendance, themes, carriers, tagged
    # sessions (reports.selectors.report_figures).
    assert len(captured) == 7

    acuerdos = list(Acuerdo.objects.filter(group__in=[body, child])
                    .select_related("session").prefetch_related("responsibilities"))
    status = {a.pk: a.status_on(DAY) for a in acuerdos}
    assert set(status.values()) == set(Acuerdo.Status.values)
    by_group = collections.Counter((a.group_id, status[a.pk]) for a in acuerdos)
    for row in figures["groups"]:
        assert row["acuerdos_by_status"] == {s: by_group[row["key"], s]
                                             for s in Acuerdo.Status.values}

    def theme_acuerdos(theme):
        """The definition (reports/selectors.py): the acuerdos of the groups that carry the
        theme, of sessions tagged with it, or tagged themselves — each once."""
        return [a for a in acuerdos if theme in a.group.themes.all()
                or theme in a.session.themes.all() or theme in a.themes.all()]

    themes = {t["pk"]: t for t in figures["themes"]}
    for theme in (carried, tagged):
        mine = theme_acuerdos(theme)
        assert mine, theme
        assert (themes[theme.pk]["acuerdos_adopted"], themes[theme.pk]["acuerdos_fulfilled"]) == (
            len(mine), sum(status[a.pk] == Acuerdo.Status.FULFILLED for a in mine))
    # "trata" reaches acuerdos through their session only, through their own tag only, and
    # through both (counted once above).
    on_session = {a.pk for a in acuerdos if tagged in a.session.themes.all()}
    on_acuerdo = {a.pk for a in acuerdos if tagged in a.themes.all()}
    assert on_session - on_acuerdo and on_acuerdo - on_session and on_session & on_acuerdo

    months = collections.Counter(a.session.date.replace(day=1) for a in acuerdos)
    assert {r["month"]: r["acuerdos"] for r in figures["months"]} == dict(months)

    parts = collections.Counter()
    done = collections.Counter()
    for a in acuerdos:
        if a.cancelled_at or a.kind != Acuerdo.Kind.COMMITMENT:
            continue
        for r in a.responsibilities.all():
            if r.role == Responsibility.Role.RESPONSABLE:
                parts[r.institution.acronym] += 1
                done[r.institution.acronym] += r.status == Responsibility.Status.FULFILLED
    assert {r["label"]: (r["parts"], r["fulfilled"]) for r in figures["institutions"]} == {
        k: (parts[k], done[k]) for k in parts}
    # The charts alone count the same months and institutions with their own queries.
    assert report_figures(scope, ["months", "institutions"]) == {
        "months": figures["months"], "institutions": figures["institutions"]}


def test_a_chosen_theme_limits_the_scope_to_what_carries_it():
    # With themes chosen (scope.theme_ids), a session counts when it or its group carries one,
    # an acuerdo when its session counts or it carries one itself (reports/selectors.py); the
    # figures and the rows behind them against that definition, read from the objects.
    from reports.rows import rows_for

    body, child, carried, tagged = _family()
    acuerdos = list(Acuerdo.objects.filter(group__in=[body, child])
                    .select_related("session").prefetch_related("responsibilities"))
    status = {a.pk: a.status_on(DAY) for a in acuerdos}
    for theme in (carried, tagged):
        scope = build_scope(chosen_ids=[body.pk], include_descendants=True, theme_ids=[theme.pk],
                            start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), today=DAY)
        figures = report_figures(scope)

        def session_counts(session):
            return theme in session.themes.all() or theme in session.group.themes.all()

        mine = [a for a in acuerdos if session_counts(a.session) or theme in a.themes.all()]
        assert mine and len(mine) < len(acuerdos), theme
        by_group = collections.Counter((a.group_id, status[a.pk]) for a in mine)
        assert {(g["key"], s): n for g in figures["groups"]
                for s, n in g["acuerdos_by_status"].items() if n} == dict(by_group)
        held = [x for x in Session.objects.filter(group__in=[body, child], status="held")
                if session_counts(x)]
        assert figures["sessions"]["held"] == len(held)
        assert sorted(rows_for(scope, "acuerdos", {}).values_list("pk", flat=True)) == sorted(
            a.pk for a in mine)
        assert sorted(rows_for(scope, "sessions", {}).values_list("pk", flat=True)) == sorted(
            x.pk for x in held)
        # The rows' own theme filter, on the whole family: the same acuerdos.
        unfiltered = build_scope(chosen_ids=[body.pk], include_descendants=True,
                                 start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), today=DAY)
        assert sorted(rows_for(unfiltered, "acuerdos", {"theme": str(theme.pk)}).values_list(
            "pk", flat=True)) == sorted(a.pk for a in mine)
