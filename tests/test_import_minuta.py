"""Importing a Word minuta: the reference minuta rebuilt as a .docx (tests/minuta_docx_builder.py)
imports exactly, into an empty database and into the demo's directory; variants of the layout;
and the group's figures afterwards."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from agreements.models import Acuerdo
from demo.gttim import AGENDA, ACUERDOS
from directory.models import Institution, Person
from documents.models import MinutaDocument
from imports.models import InstitutionAlias, MinutaImport
from imports.services import minuta_import_commit, minuta_import_plan, minuta_import_upload
from meetings.models import Session, WorkingGroup

from .minuta_docx_builder import REFERENCE, build, read_reference

pytestmark = [
    pytest.mark.django_db(transaction=False),
    pytest.mark.skipif(not REFERENCE.exists(), reason="the reference minuta is not beside the "
                       "checkout"),
]
NARRATIVE = Path(__file__).resolve().parents[1] / "demo/narrative"


def _group(acronym="GTTIM-H"):
    return WorkingGroup.objects.create(acronym=acronym, name="Grupo de Trabajo sobre Tráfico "
                                       "Ilícito de personas en contextos de Movilidad")


def _secretary():
    return get_user_model().objects.create_user("importa", password="x")


def _import(data, group, decisions=None, **kwargs):
    draft = minuta_import_upload(group=group, data=data, filename="5a-sesion.docx",
                                 actor=_secretary())
    return minuta_import_commit(draft=draft, decisions=decisions or {}, actor=draft.uploaded_by,
                                **kwargs)


def _words(text):
    return " ".join(text.split())


def _assert_as_the_reference(session):
    from demo.gttim import PARTICIPANTS

    assert (session.number, session.type, session.date, session.start_time, session.end_time) == (
        5, "SO", dt.date(2025, 6, 3), dt.time(12, 0), dt.time(13, 35))
    assert session.status == "held" and session.modality == "virtual"
    assert session.meeting_id == "891 5650 9733" and session.passcode == "633252"
    assert session.video_url.startswith("https://us06web.zoom.us/j/89156509733")
    assert session.convoca.acronym == "UPMRIP"
    assert session.objective.startswith("Fortalecer los procesos de generación")
    people = [(a.name, a.cargo, a.institution.acronym) for a in session.attendances.all()]
    assert people == PARTICIPANTS  # all 28, in order, titles ("Inspector …") as written
    items = list(session.agenda_items.prefetch_related("presenters__attendance"))
    assert [(f"{i.start_time:%H:%M}", f"{i.end_time:%H:%M}", i.activity) for i in items] == [
        (start, end, activity) for start, end, activity, _p, _n in AGENDA]
    for item, (_s, _e, _a, presenters, narrative) in zip(items, AGENDA):
        assert [(p.attendance.name if p.attendance else None, p.text or p.label)
                for p in item.presenters.all()] == [(name, label) for name, label in presenters]
        want = (NARRATIVE / narrative).read_text(encoding="utf-8") if narrative else ""
        assert [_words(p) for p in item.narrative.split("\n\n") if p.strip()] == [
            _words(p) for p in want.split("\n\n") if p.strip()], item.activity
    acuerdos = list(session.acuerdos.prefetch_related("responsibilities__institution"))
    assert [a.number for a in acuerdos] == ["5/SO-1", "5/SO-2", "5/SO-3", "5/SO-4", "5/SO-5"]
    for acuerdo, (text, responsables, due, _done) in zip(acuerdos, ACUERDOS):
        assert (acuerdo.text, acuerdo.due_date) == (text, due)
        if responsables == "Todas las instituciones":
            assert acuerdo.all_institutions and acuerdo.responsibilities.count() == 15
        else:
            assert [r.institution.acronym for r in acuerdo.responsibilities.all()] == responsables
    assert session.drafted_by.name == "María de los Ángeles Calderón San Martín"
    assert session.approved_by.name == "Raúl Salgado Martínez"
    assert session.minuta_status == "approved"
    assert session.photos.count() == 2


def test_it_imports_the_reference_minuta_into_an_empty_database(
        django_capture_on_commit_callbacks):
    group = _group()
    with django_capture_on_commit_callbacks(execute=True):
        session = _import(build(read_reference()), group)
    _assert_as_the_reference(session)
    assert Institution.objects.count() == 15 and Person.objects.count() == 28
    assert group.member_institutions(on=session.date).count() == 15
    # The original Word file stays next to the session, with its hash.
    upload = MinutaImport.objects.get(session=session)
    assert upload.status == "imported" and len(upload.sha256) == 64
    # Approved history: the PDF is stored like any approved minuta's.
    assert MinutaDocument.objects.filter(session=session).count() == 1


def test_the_groups_figures_then_say_one_session_and_five_acuerdos(client):
    from api.selectors import acuerdo_figures

    group = _group()
    _import(build(read_reference()), group)
    assert Session.objects.filter(group=group, status="held").count() == 1
    figures = acuerdo_figures(Acuerdo.objects.adopted().filter(group=group),
                              today=dt.date(2025, 6, 3))
    assert figures["total"] == 5


def test_it_matches_the_directory_of_the_demo(demo):
    before = (Institution.objects.count(), Person.objects.count())
    group = _group()
    session = _import(build(read_reference()), group)
    _assert_as_the_reference(session)
    # Every institution and every person was found in the directory: nothing new was created.
    assert (Institution.objects.count(), Person.objects.count()) == before
    fgr = Person.objects.get(name="Eder Ramírez Pavón")
    assert session.attendances.filter(person=fgr).exists()


@pytest.mark.parametrize("variant", [
    {"order": ["participants", "header", "agenda", "narrative", "acuerdos", "photos", "signoff"]},
    {"signoff_table": True},
    {"agenda_three_columns": True},
    {"participants_extra_column": True, "split_participants_at": None},
    {"second_acuerdos_table_at": 2},
    {"presenters_on_lines": False},
    {"nbsp": False, "split_participants_at": 20},
])
def test_it_reads_the_layout_variants(variant):
    session = _import(build(read_reference(), **variant), _group())
    _assert_as_the_reference(session)


def test_a_minuta_without_lugar_imports_as_in_person_without_place():
    ref = read_reference()
    ref.header = [row for row in ref.header if not row[0].startswith("Lugar")]
    session = _import(build(ref), _group())
    assert (session.modality, session.place, session.video_url) == ("in_person", "", "")
    assert session.attendances.count() == 28


def test_a_fuzzy_institution_is_proposed_never_taken_silently(demo):
    ref = read_reference()
    ref.participants = [[n, c, "Secretaria de Marina Armada" if i == "Marina" else i]
                        for n, c, i in ref.participants]
    group = _group()
    draft = minuta_import_upload(group=group, data=build(ref), filename="m.docx",
                                 actor=_secretary())
    plan = minuta_import_plan(draft=draft)
    choice = plan.institutions["secretaria de marina armada"]
    assert choice.match is None and [i.acronym for i in choice.proposals][:1] == ["Marina"]
    assert any("Marina" in p.message for p in plan.errors)
    with pytest.raises(ValidationError):
        minuta_import_commit(draft=draft, decisions={}, actor=draft.uploaded_by)
    assert not Session.objects.filter(group=group).exists()  # nothing saved
    marina = Institution.objects.get(acronym="Marina")
    session = minuta_import_commit(draft=draft, decisions={choice.key: str(marina.pk)},
                                   actor=draft.uploaded_by)
    assert session.attendances.filter(institution=marina).count() == 1
    # Confirmed once, known from then on.
    assert InstitutionAlias.objects.get(alias="secretaria de marina armada").institution == marina


def test_it_refuses_the_same_file_twice_with_a_link_to_the_first():
    data = build(read_reference())
    first = _import(data, _group())
    with pytest.raises(ValidationError) as refused:
        minuta_import_upload(group=_group("OTRO"), data=data, filename="copia.docx",
                             actor=None)
    assert refused.value.params["session_id"] == first.pk
    assert "already imported" in refused.value.messages[0] or "ya se import" in \
        refused.value.messages[0]


def test_a_number_taken_in_the_group_is_an_error_before_anything_is_saved():
    group = _group()
    _import(build(read_reference()), group)
    ref = read_reference()
    ref.acuerdos = ref.acuerdos[:3]
    draft = minuta_import_upload(group=group, data=build(ref, nbsp=False), filename="b.docx",
                                 actor=None)
    plan = minuta_import_plan(draft=draft)
    assert any("5/SO" in p.message for p in plan.errors)
    with pytest.raises(ValidationError):
        minuta_import_commit(draft=draft, decisions={}, actor=None)
    assert Session.objects.filter(group=group).count() == 1


def test_an_unreadable_due_date_waits_for_the_secretary():
    ref = read_reference()
    ref.acuerdos[3][3] = "a la brevedad"
    group = _group()
    draft = minuta_import_upload(group=group, data=build(ref), filename="c.docx", actor=None)
    plan = minuta_import_plan(draft=draft)
    assert [p.section for p in plan.errors] == ["acuerdos"]
    session = minuta_import_commit(draft=draft, decisions={"due:2": "2025-06-20"}, actor=None)
    assert session.acuerdos.get(sequence=3).due_date == dt.date(2025, 6, 20)
