"""Query counts of "Mis acuerdos", the acuerdo page and the dashboard are pinned and do not grow
with the number of rows."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Responsibility
from followup import services
from notifications.models import Notification

from .factories import GroupFactory, InstitutionFactory, PersonFactory, UserFactory, make_acuerdo
from .factories import make_session
from .followup_helpers import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    institution = InstitutionFactory(acronym="FGR-T")
    group = GroupFactory(members=[institution, InstitutionFactory()])
    enlace = UserFactory(username="enlace.t")
    PersonFactory(institution=institution, is_enlace=True, user=enlace)
    coordinator = UserFactory(username="coord.t")
    group.coordinators.add(coordinator)
    session = make_session(group=group)
    return {"institution": institution, "group": group, "session": session, "enlace": enlace,
            "coordinator": coordinator}


def _add(setup, n, due=dt.date(2025, 6, 11)):
    last = None
    for i in range(n):
        last = make_acuerdo(setup["session"], text=f"Acuerdo {i}", due_date=due,
                            all_institutions=True)
        part = last.responsibilities.get(institution=setup["institution"])
        services.progress_report(responsibility=part, status=Responsibility.Status.IN_PROGRESS,
                                 comment="avance", files=[pdf()], actor=setup["enlace"])
    return last


def _timeline_of(client, acuerdo):
    return client.get(f"/acuerdos/{acuerdo.pk}/").context["page"].timeline


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@time_machine.travel("2025-07-01 10:00 -06:00", tick=False)
def test_it_lists_my_acuerdos_in_a_fixed_number_of_queries(setup, client, django_assert_num_queries):
    client.force_login(setup["enlace"])
    _add(setup, 2)
    # session, user, person, institution, the followed groups' ids (read once per request,
    # access.request_followed_group_ids: the scope, responsibilities_visible_to, whose literal ids
    # keep the plan on the institution's parts, and "follows a group?", request_follows_groups,
    # for the institution choices and the top bar; 11 → 10 → 9 as each stopped asking apart),
    # rows, group choices, and the work plans in consultation the enlace may propose on
    # (workplan's plans_to_propose); 9 → 8: the one institution choice, the enlace's own, is
    # written from the institution already read (PartFilter.form)
    with django_assert_num_queries(8):
        response = client.get("/acuerdos/")
    assert len(response.context["page"].rows) == 2
    _add(setup, 8)
    with django_assert_num_queries(8):
        response = client.get("/acuerdos/")
    assert len(response.context["page"].rows) == 10
    assert all(r.days_overdue == 20 for r in response.context["page"].rows)


@time_machine.travel("2025-07-01 10:00 -06:00", tick=False)
@pytest.mark.parametrize("query", ["", f"?group={{group}}"])
def test_it_exports_my_acuerdos_without_reading_the_form_s_options(setup, client, query):
    client.force_login(setup["enlace"])
    _add(setup, 3)
    url = "/acuerdos/exportar.csv" + query.format(group=setup["group"].pk)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200 and body.count("Acuerdo ") == 3
    # session, user, person, institution, the followed groups' ids, (?group=: the chosen group,
    # checked against the groups the enlace may see), the audit row and the rows: never the
    # group options (PartFilter.form reads them only when the form is rendered).
    assert len(ctx.captured_queries) == (8 if query else 7), [
        q["sql"][:90] for q in ctx.captured_queries]
    assert not any("ORDER BY" in q["sql"] and '"acronym" ASC' in q["sql"]
                   and q["sql"].lstrip().startswith('SELECT "meetings_workinggroup"."id", '
                                                    '"meetings_workinggroup"."name"')
                   for q in ctx.captured_queries)


@time_machine.travel("2025-07-01 10:00 -06:00", tick=False)
def test_it_shows_the_acuerdo_page_in_a_fixed_number_of_queries(setup, client):
    acuerdo = _add(setup, 1)
    client.force_login(setup["coordinator"])
    few = _count(client, f"/acuerdos/{acuerdo.pk}/")
    part = acuerdo.responsibilities.get(institution=setup["institution"])
    for _ in range(4):  # more reports, evidence and history rows on the same acuerdo
        services.progress_report(responsibility=part, status=Responsibility.Status.IN_PROGRESS,
                                 comment="más avance", files=[pdf(), pdf("b.pdf")],
                                 actor=setup["enlace"])
    services.due_date_request(responsibility=part, new_date=dt.date(2025, 8, 1), reason="firma",
                              actor=setup["enlace"])
    for n, key in enumerate([f"responsibility:{part.pk}"] * 3 + [f"acuerdo:{acuerdo.pk}"] * 2):
        Notification.objects.create(  # reminders and decisions e-mailed about it
            kind="reminder" if key.startswith("resp") else "decision", object_key=key,
            step=f"s{n}", recipient_email=f"e{n}@example.org", reason="r", subject="s",
            body_text="b", acuerdo=acuerdo)
    many = _count(client, f"/acuerdos/{acuerdo.pk}/")
    assert len([e for e in _timeline_of(client, acuerdo) if hasattr(e, "recipient_email")]) == 5
    # session + user, the viewer's group ids (access.acuerdos_visible_to), the acuerdo, its
    # parts, events, reports, evidence, date requests, the e-mails sent about it (one query,
    # its visibility rule a subquery), the follow-up permission checks, and the work plan
    # actividades it follows up and the plans it is about (workplan's acuerdo_plan_panel).
    assert few == many == 15  # + the top bar's "follows a group?"


@time_machine.travel("2025-07-01 10:00 -06:00", tick=False)
def test_it_builds_the_dashboard_in_a_fixed_number_of_queries(setup, client):
    client.force_login(setup["coordinator"])
    _add(setup, 1)
    few = _count(client, "/coordinacion/")
    other = GroupFactory(members=2)
    other.coordinators.add(setup["coordinator"])
    for number, due in enumerate((dt.date(2025, 6, 25), dt.date(2025, 6, 4), dt.date(2025, 7, 5))):
        make_acuerdo(make_session(group=other, number=10 + number), due_date=due,
                     all_institutions=True)
    _add(setup, 3)
    many = _count(client, "/coordinacion/")
    assert few == many == 8  # 7 + the top bar's "follows a group?"
