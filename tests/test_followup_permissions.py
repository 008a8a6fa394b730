"""Permission matrix of the follow-up pages and actions.

The object under test is MJ-MIGRACION's 1/SO-2 ("La FGR presentará el protocolo ..."): FGR answers
for it (CNDH helps). Personas: anonymous; enlace.fgr (enlace of the institution); enlace.upmrip
(enlace of another institution, not a party); secretaria.mj (secretariat of the group); secretaria
(secretariat of another group, GTTIM); coordinador (coordinator of both groups); admin (staff).

Every action is tried by every persona inside a savepoint that is rolled back, so each persona
starts from the same state; each action has personas that succeed (the positive control that
keeps a broken page from passing as "denied") and the effect is checked both ways.
"""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from agreements.models import Acuerdo, Responsibility
from followup import services
from followup.models import DueDateRequest, ProgressReport

from .followup_helpers import pdf

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "enlace.fgr", "enlace.upmrip", "secretaria.mj", "secretaria",
            "coordinador", "admin"]
LOGIN, OK, DONE, NOT_FOUND = "login", "ok", "done", "404"


def matrix(anonymous, fgr, upmrip, sec_mj, sec_gttim, coord, admin):
    return dict(zip(PERSONAS, [anonymous, fgr, upmrip, sec_mj, sec_gttim, coord, admin]))


EVERYONE = matrix(LOGIN, OK, OK, OK, OK, OK, OK)
READERS = matrix(LOGIN, OK, NOT_FOUND, OK, NOT_FOUND, OK, OK)
ENLACE = matrix(LOGIN, DONE, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, DONE)
SECRETARIAT = matrix(LOGIN, NOT_FOUND, NOT_FOUND, DONE, NOT_FOUND, NOT_FOUND, DONE)
FOLLOWERS = matrix(LOGIN, NOT_FOUND, NOT_FOUND, OK, OK, OK, OK)


@pytest.fixture
def world(demo):
    users = {u.username: u for u in get_user_model().objects.all()}
    acuerdo = Acuerdo.objects.get(group__acronym="MJ-MIGRACION", number="1/SO-2")
    part = acuerdo.responsibilities.get(institution__acronym="FGR")
    return {"users": users, "acuerdo": acuerdo, "part": part}


def _pending_report(world):
    return services.progress_report(
        responsibility=world["part"], status=Responsibility.Status.REPORTED,
        comment="Protocolo presentado", files=[pdf()], actor=world["users"]["enlace.fgr"],
    )


def _pending_request(world):
    import datetime as dt

    return services.due_date_request(
        responsibility=world["part"], new_date=dt.date(2026, 12, 31), reason="Falta la firma",
        actor=world["users"]["enlace.fgr"],
    )


def _part_state(world):
    part = Responsibility.objects.get(pk=world["part"].pk)
    return (part.status, ProgressReport.objects.filter(responsibility=part).count(),
            list(DueDateRequest.objects.filter(responsibility=part).values_list("state", flat=True)),
            Acuerdo.objects.get(pk=world["acuerdo"].pk).due_date)


# action: (expected matrix, setup(world) -> context, method, url(world, ctx), data(world, ctx))
ACTIONS = {
    "list": (EVERYONE, None, "get", lambda w, c: "/acuerdos/?q=protocolo", None),
    "list_csv": (EVERYONE, None, "get", lambda w, c: "/acuerdos/exportar.csv?q=protocolo", None),
    "list_xlsx": (EVERYONE, None, "get", lambda w, c: "/acuerdos/exportar.xlsx?q=protocolo", None),
    "acuerdo_page": (READERS, None, "get", lambda w, c: f"/acuerdos/{w['acuerdo'].pk}/", None),
    "evidence": (READERS, _pending_report, "get",
                 lambda w, c: f"/acuerdos/evidencias/{c.evidence.get().pk}/", None),
    "report": (ENLACE, None, "post", lambda w, c: f"/acuerdos/partes/{w['part'].pk}/informe/",
               lambda w, c: {f"r{w['part'].pk}-status": "reported",
                             f"r{w['part'].pk}-comment": "Listo",
                             f"r{w['part'].pk}-files": [pdf()]}),
    "date_request": (ENLACE, None, "post",
                     lambda w, c: f"/acuerdos/partes/{w['part'].pk}/prorroga/",
                     lambda w, c: {f"d{w['part'].pk}-new_date": "2026-12-31",
                                   f"d{w['part'].pk}-reason": "Falta la firma"}),
    "validate": (SECRETARIAT, _pending_report, "post",
                 lambda w, c: f"/acuerdos/informes/{c.pk}/validar/", lambda w, c: {}),
    "return": (SECRETARIAT, _pending_report, "post",
               lambda w, c: f"/acuerdos/informes/{c.pk}/devolver/",
               lambda w, c: {"reason": "Falta el oficio firmado"}),
    "on_behalf": (SECRETARIAT, None, "post",
                  lambda w, c: f"/acuerdos/partes/{w['part'].pk}/cumplimiento/",
                  lambda w, c: {f"b{w['part'].pk}-comment": "Se presentó en la sesión"}),
    "approve_date": (SECRETARIAT, _pending_request, "post",
                     lambda w, c: f"/acuerdos/prorrogas/{c.pk}/aprobar/", lambda w, c: {}),
    "reject_date": (SECRETARIAT, _pending_request, "post",
                    lambda w, c: f"/acuerdos/prorrogas/{c.pk}/rechazar/",
                    lambda w, c: {"reason": "No procede"}),
    "dashboard": (FOLLOWERS, None, "get", lambda w, c: "/coordinacion/", None),
    "compliance": (FOLLOWERS, None, "get", lambda w, c: "/coordinacion/cumplimiento/", None),
    "compliance_csv": (FOLLOWERS, None, "get",
                       lambda w, c: "/coordinacion/cumplimiento/exportar.csv", None),
    "compliance_xlsx": (FOLLOWERS, None, "get",
                        lambda w, c: "/coordinacion/cumplimiento/exportar.xlsx", None),
}

# Who sees FGR's part of 1/SO-2 as a row of the list (and of its exports).
ROW_VISIBLE = {"enlace.fgr", "secretaria.mj", "coordinador", "admin"}


def _lists_fgr_part(action, response, world):
    if action == "list":
        return world["part"].pk in {r.pk for r in response.context["page"].rows}
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if action == "list_csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    else:
        rows = list(openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    return any(r[0] == "1/SO-2" and r[5] == "FGR" for r in rows[1:])


@pytest.mark.parametrize("action", list(ACTIONS))
def test_it_gives_each_persona_exactly_the_intended_result(action, world, client):
    expected, setup, method, url, data = ACTIONS[action]
    assert {LOGIN, NOT_FOUND} & set(expected.values()), "every action has a denial"
    assert {OK, DONE} & set(expected.values()), "every denial has a positive control"
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            ctx = setup(world) if setup else None
            before = _part_state(world)
            client.logout()
            if persona != "anonymous":
                client.force_login(world["users"][persona])
            target = url(world, ctx)
            if method == "get":
                response = client.get(target)
            else:
                response = client.post(target, data(world, ctx))
            after = _part_state(world)
            if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
                got[persona] = LOGIN
            elif response.status_code == 404:
                got[persona] = NOT_FOUND
            elif method == "post" and response.status_code == 302:
                assert response["Location"] == f"/acuerdos/{world['acuerdo'].pk}/"
                got[persona] = DONE
            elif method == "get" and response.status_code == 200:
                got[persona] = OK
            else:
                got[persona] = f"unexpected {response.status_code}"
            # Denied requests change nothing; accepted ones change the part's state.
            if method == "post":
                assert (after != before) == (got[persona] == DONE), (persona, before, after)
            if action.startswith("list") and got[persona] == OK:
                assert _lists_fgr_part(action, response, world) == (persona in ROW_VISIBLE), \
                    persona
            transaction.set_rollback(True)
    assert got == expected


def test_it_keeps_the_list_to_a_persons_scope(world, client):
    """Positive and negative row scope in one list: GTTIM's secretariat sees GTTIM's parts only,
    an enlace only their institution's."""
    client.force_login(world["users"]["secretaria"])
    rows = client.get("/acuerdos/?sort=number").context["page"].rows
    assert rows and {r.acuerdo.group.acronym for r in rows} == {"GTTIM"}
    client.force_login(world["users"]["enlace.upmrip"])
    rows = client.get("/acuerdos/").context["page"].rows
    assert rows and {r.institution.acronym for r in rows} == {"UPMRIP"}
