"""The README's first tour, word for word, on the demo data (`make run` loads it).

Each step of the tour is walked through the pages a user clicks, in Spanish (the default), with the
labels the README names. The README's text is checked too: a change to the tour must change this
test."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from agreements.models import Acuerdo, Responsibility
from followup.models import ProgressReport
from meetings.models import Session

from .followup_helpers import pdf

README = Path(__file__).resolve().parents[1] / "README.md"
User = get_user_model()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _as(client, username):
    client.logout()
    client.force_login(User.objects.get(username=username))
    return client


def _links(page: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', page))


def test_the_readme_keeps_the_first_tour():
    text = " ".join(README.read_text().split())
    for step in (
        "as `secretaria`: *Inicio* → GTTIM → the 5th session: the approved minuta, locked, with "
        "its PDF/A and DOCX;",
        "as `enlace.fgr`: *Mis acuerdos* → 5/SO-3 (overdue) → report it fulfilled with a PDF as "
        "evidence; as `secretaria`, validate it on the acuerdo's page;",
        "as `coordinador`: *Tablero de vencidos* and *Cumplimiento* (with CSV/XLSX exports);",
        "the REST API's documentation at http://127.0.0.1:8000/api/docs/, the admin at `/admin/`;",
        "without `EMAIL_URL`, every e-mail (reminders, invitations, the minuta) is a file in "
        "`var/mail/`.",
    ):
        assert step in text, step
    assert "make run" in text and "make test" in text


def test_it_walks_the_secretariats_tour(client, demo):
    fifth = Session.objects.get(group__acronym="GTTIM", number=5, type="SO")
    home = _as(client, "secretaria").get("/").content.decode()
    assert ">Inicio<" in home
    group_url = f"/groups/{fifth.group_id}/"
    assert group_url in _links(home) and "GTTIM" in home
    group = client.get(group_url).content.decode()
    assert f"/sessions/{fifth.pk}/" in _links(group)
    assert fifth.minuta_status == Session.MinutaStatus.APPROVED  # approved, locked
    session = client.get(f"/sessions/{fifth.pk}/").content.decode()
    assert {f"/minutas/{fifth.pk}/pdf", f"/minutas/{fifth.pk}/docx"} <= _links(session)
    assert client.get(f"/minutas/{fifth.pk}/pdf")["Content-Type"] == "application/pdf"
    assert "Programar la siguiente sesión" in group  # plan the next session


def test_it_walks_the_enlaces_tour_and_the_validation(client, demo, media):
    acuerdo = Acuerdo.objects.get(group__acronym="GTTIM", number="5/SO-3")
    part = acuerdo.responsibilities.get(institution__acronym="FGR")
    mine = _as(client, "enlace.fgr").get("/acuerdos/").content.decode()
    assert ">Mis acuerdos<" in mine and "5/SO-3" in mine
    assert f"/acuerdos/{acuerdo.pk}/" in _links(mine)
    assert acuerdo.due_date < timezone.localdate()  # overdue
    assert "5/SO-3" in client.get("/acuerdos/?due=overdue").content.decode()
    response = client.post(f"/acuerdos/partes/{part.pk}/informe/", {
        f"r{part.pk}-status": Responsibility.Status.REPORTED,
        f"r{part.pk}-comment": "Cumplido", f"r{part.pk}-files": pdf()})
    assert response.status_code == 302
    report = ProgressReport.objects.get(responsibility=part)
    assert report.evidence.count() == 1

    page = _as(client, "secretaria").get(f"/acuerdos/{acuerdo.pk}/").content.decode()
    validate = f"/acuerdos/informes/{report.pk}/validar/"
    assert validate in page
    assert client.post(validate, {}).status_code == 302
    part.refresh_from_db()
    assert part.status == Responsibility.Status.FULFILLED


def test_it_walks_the_coordinators_tour(client, demo):
    home = _as(client, "coordinador").get("/").content.decode()
    assert ">Tablero de vencidos<" in home and ">Cumplimiento<" in home
    assert client.get("/coordinacion/").status_code == 200
    compliance = client.get("/coordinacion/cumplimiento/").content.decode()
    assert "exportar.csv" in compliance and "exportar.xlsx" in compliance
    assert client.get("/api/docs/").status_code == 200
    assert _as(client, "admin").get("/admin/").status_code == 200
