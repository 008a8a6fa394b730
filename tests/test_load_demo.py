import datetime as dt
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from agreements.models import Acuerdo
from meetings.models import Session

pytestmark = pytest.mark.django_db

REFERENCE = (
    Path(__file__).resolve().parents[2] / "shared/reference/minuta-gttim-5a-sesion-2025-06-03.txt"
)


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_it_creates_nothing_new_the_second_time(capsys):
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    assert "nothing new" in capsys.readouterr().out
    assert first["meetings.Session"] > 4 and first["agreements.Acuerdo"] > 5


def test_the_reference_session_is_as_the_minuta_describes_it(demo):
    session = Session.objects.get(group__acronym="GTTIM", type="SO", number=5)
    assert session.group.parent.acronym == "CCPM"
    assert (session.date, session.start_time, session.modality) == (
        dt.date(2025, 6, 3), dt.time(12, 0), "virtual"
    )
    assert session.meeting_id == "891 5650 9733" and session.passcode == "633252"
    assert session.convoca.acronym == "UPMRIP"
    assert session.attendances.count() == 28
    assert session.attendances.values("institution").distinct().count() == 15
    assert session.group.member_institutions(on=session.date).count() == 15
    slots = [f"{i.start_time:%H:%M} a {i.end_time:%H:%M}" for i in session.agenda_items.all()]
    assert slots == ["12:00 a 12:05", "12:05 a 12:10", "12:10 a 12:15", "12:15 a 12:35",
                     "12:35 a 12:55", "12:55 a 13:10", "13:10 a 13:20", "13:20 a 13:30",
                     "13:30 a 13:35"]
    acuerdos = {a.number: a for a in session.acuerdos.prefetch_related("responsibilities")}
    assert list(acuerdos) == ["5/SO-1", "5/SO-2", "5/SO-3", "5/SO-4", "5/SO-5"]
    assert acuerdos["5/SO-3"].all_institutions
    assert acuerdos["5/SO-3"].responsibilities.count() == 15
    assert acuerdos["5/SO-3"].due_date == dt.date(2025, 6, 11)
    assert [r.institution.acronym for r in acuerdos["5/SO-2"].responsibilities.all()] == ["UPMRIP"]
    assert session.drafted_by.name == "María de los Ángeles Calderón San Martín"
    assert session.approved_by.name == "Raúl Salgado Martínez"
    planned = session.group.sessions.filter(status="planned").order_by("number")
    assert [(s.number, s.date) for s in planned] == [
        (6, dt.date(2025, 8, 5)), (7, dt.date(2025, 9, 18)), (8, dt.date(2025, 11, 27))
    ]


def test_it_matches_the_reference_file_line_by_line(demo):
    if not REFERENCE.exists():
        pytest.skip(f"the reference minuta is not beside the checkout ({REFERENCE})")
    text = REFERENCE.read_text(encoding="utf-8")
    session = Session.objects.get(group__acronym="GTTIM", type="SO", number=5)
    for a in session.attendances.all():
        assert f"{a.name}\t{a.cargo}\t{a.institution.acronym}" in text
    for item in session.agenda_items.prefetch_related("presenters"):
        line = f"{item.start_time:%H:%M} a {item.end_time:%H:%M}\t{item.activity} A cargo de "
        assert line in text, item.activity
        for presenter in item.presenters.all():
            assert presenter.label in text
        for paragraph in filter(None, item.narrative.split("\n\n")):
            # Page breaks in the Word export split some paragraphs; compare word streams.
            words = " ".join(paragraph.split())
            assert words in " ".join(text.split()), paragraph[:60]
    for acuerdo in session.acuerdos.all():
        assert re.search(rf"{re.escape(acuerdo.number)}\t{re.escape(acuerdo.text)}\t", text)


def test_it_adds_a_second_group_with_overdue_acuerdos(demo):
    overdue = Acuerdo.objects.with_status(dt.date(2026, 11, 21)).filter(status_value="overdue")
    assert overdue.filter(group__acronym="MJ-MIGRACION").count() >= 3
    assert overdue.filter(number="5/SO-3").exists()


def test_it_creates_the_demo_users_with_their_roles(demo):
    from django.contrib.auth import authenticate

    from demo.loader import DEMO_PASSWORD

    secretaria = authenticate(username="secretaria", password=DEMO_PASSWORD)
    assert list(secretaria.secretariat_of.values_list("acronym", flat=True)) == ["GTTIM"]
    coordinador = authenticate(username="coordinador", password=DEMO_PASSWORD)
    assert coordinador.coordinator_of.count() == 2
    for username, acronym in (("enlace.upmrip", "UPMRIP"), ("enlace.fgr", "FGR")):
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert user.person.is_enlace and user.person.institution.acronym == acronym


def test_the_reference_session_has_two_drawn_photos_made_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo")
    session = Session.objects.get(group__acronym="GTTIM", type="SO", number=5)
    photos = list(session.photos.all())
    assert [p.caption for p in photos] == [
        "Captura de pantalla de la sesión virtual",
        "Presentación de la propuesta del Plan de Trabajo Anual",
    ]
    files = sorted(p.name for p in (tmp_path / "photos" / "demo").iterdir())
    assert files == ["gttim-5so-galeria.png", "gttim-5so-plan-de-trabajo.png"]
    from PIL import Image

    with Image.open(photos[0].image.path) as image:
        assert image.size == (1280, 720)
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 20  # a drawing, not a blank
    call_command("load_demo")
    assert session.photos.count() == 2
    assert sorted(p.name for p in (tmp_path / "photos" / "demo").iterdir()) == files


def test_it_adds_the_photos_to_a_demo_loaded_before_they_existed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo")
    session = Session.objects.get(group__acronym="GTTIM", type="SO", number=5)
    session.photos.all().delete()
    call_command("load_demo")
    assert session.photos.count() == 2


def test_the_gabinete_family_shows_figures_per_theme(demo, client):
    """MJ-MIGRACION under the Gabinete de Seguridad with its sibling Mesas by theme (issue 12)."""
    from meetings.models import WorkingGroup

    body = WorkingGroup.objects.get(acronym="GABSEG")
    assert set(body.subgroups.values_list("acronym", flat=True)) == {
        "MJ-MIGRACION", "MJ-TALA", "MJ-TRATA", "MJ-HIDROCARBUROS"}
    client.login(username="coordinador.gabinete", password="acuerdos-demo")
    response = client.get("/informe/", {"groups": body.pk, "family": "on", "preset": "custom",
                                        "start": "2025-09-01", "end": "2026-08-31"},
                          HTTP_ACCEPT_LANGUAGE="es")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.selectors import report_figures

    scope = response.context["scope"]
    with CaptureQueriesContext(connection) as captured:
        report_figures(scope)
    # reports.selectors.report_figures with themes: 7 (11 before acuerdo_pass counted the
    # acuerdos of every breakdown in one query).
    assert len(captured) == 7
    themes = {t["slug"]: t for t in response.context["figures"]["themes"]}
    assert {s: (t["sessions_held"], t["sessions_regional"]) for s, t in themes.items()} == {
        "hidrocarburos": (5, 4), "migracion": (3, 0), "tala-ilegal": (3, 0),
        "trata-de-personas": (2, 1)}
    assert "Por tema: hidrocarburos (5 sesiones, 4 interestatales), migración (3 sesiones)" \
        in response.context["paragraph"]
    assert "A 9 sesiones asistieron 6 gobernadoras y gobernadores" in response.context["paragraph"]
