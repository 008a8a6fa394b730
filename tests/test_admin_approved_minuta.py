"""The admin cannot rewrite an approved minuta: every change page, inline, add page and delete
action of what the minuta prints refuses it; the stored file cannot be deleted (issue 11)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from agreements.models import Acuerdo
from documents.models import MinutaDocument
from documents.services import minuta_store_approved
from meetings.models import AgendaItem, Attendance, MinutaEvent, Session

from .minuta_helpers import add_photo, gttim_session, media, mj_review_session  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def _url(name, *args):
    return reverse(f"admin:{name}", args=args)


def _session_form(session, **changes):
    """A full change form of the session page, with every inline empty."""
    data = {
        "group": session.group_id, "number": session.number, "type": session.type,
        "title": session.title, "subject": session.subject, "objective": session.objective,
        "date": session.date.isoformat(), "start_time": session.start_time.strftime("%H:%M"),
        "end_time": session.end_time.strftime("%H:%M") if session.end_time else "",
        "modality": session.modality, "status": session.status, "place": session.place,
        "state": session.state, "video_url": session.video_url,
        "meeting_id": session.meeting_id, "passcode": session.passcode,
        "video_details": session.video_details, "convoca": session.convoca_id or "",
        # Editable before the fix; ignored now (read-only).
        "minuta_status": session.minuta_status, "revision": session.revision,
        "drafted_by": session.drafted_by_id or "", "approved_by": session.approved_by_id or "",
        "approved_at_0": session.approved_at.strftime("%Y-%m-%d") if session.approved_at else "",
        "approved_at_1": session.approved_at.strftime("%H:%M") if session.approved_at else "",
    }
    for prefix in ("attendances", "agenda_items", "photos"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(changes)
    return data


def test_it_refuses_changing_the_objective_or_status_of_an_approved_minuta(admin_client):
    session = gttim_session()
    objective, events = session.objective, MinutaEvent.objects.filter(session=session).count()
    response = admin_client.post(
        _url("meetings_session_change", session.pk),
        _session_form(session, objective="Objetivo reescrito", minuta_status="draft"),
    )
    assert response.status_code == 403
    session.refresh_from_db()
    assert session.objective == objective and session.minuta_status == "approved"
    assert MinutaEvent.objects.filter(session=session).count() == events


def test_it_shows_an_approved_session_and_its_inlines_read_only(admin_client, media):
    session = gttim_session()
    add_photo(session)
    page = admin_client.get(_url("meetings_session_change", session.pk)).content.decode()
    assert 'name="objective"' not in page
    assert 'name="attendances-0-name"' not in page
    assert 'name="agenda_items-0-narrative"' not in page
    assert 'name="photos-0-caption"' not in page


def test_it_refuses_the_inline_of_an_approved_minuta_even_posted_by_hand(admin_client):
    session = gttim_session()
    attendance = session.attendances.order_by("order").first()
    data = _session_form(session, **{
        "attendances-TOTAL_FORMS": "1", "attendances-INITIAL_FORMS": "1",
        "attendances-0-id": attendance.pk, "attendances-0-session": session.pk,
        "attendances-0-order": attendance.order, "attendances-0-person": attendance.person_id,
        "attendances-0-name": "Nombre inventado", "attendances-0-cargo": attendance.cargo,
        "attendances-0-institution": attendance.institution_id, "attendances-0-present": "on",
    })
    admin_client.post(_url("meetings_session_change", session.pk), data)
    attendance.refresh_from_db()
    assert attendance.name != "Nombre inventado"


def test_it_refuses_a_photo_caption_change_or_removal_through_the_inline(admin_client, media):
    session = gttim_session()
    photo = add_photo(session, caption="Captura original")
    base = _session_form(session, **{
        "photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "1", "photos-0-id": photo.pk,
        "photos-0-session": session.pk, "photos-0-order": photo.order,
        "photos-0-caption": "Pie reescrito",
    })
    admin_client.post(_url("meetings_session_change", session.pk), base)
    admin_client.post(_url("meetings_session_change", session.pk), {**base, "photos-0-DELETE": "on"})
    photo.refresh_from_db()
    assert photo.caption == "Captura original"


def test_it_refuses_an_agenda_narrative_change_on_its_own_page(admin_client):
    item = gttim_session().agenda_items.exclude(narrative="").first()
    narrative = item.narrative
    response = admin_client.post(_url("meetings_agendaitem_change", item.pk), {
        "session": item.session_id, "order": item.order,
        "start_time": item.start_time.strftime("%H:%M"),
        "end_time": item.end_time.strftime("%H:%M"), "activity": item.activity,
        "narrative": "Texto reescrito", "presenters-TOTAL_FORMS": "0",
        "presenters-INITIAL_FORMS": "0",
    })
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.narrative == narrative


def test_it_refuses_an_attendance_name_change_on_its_own_page(admin_client):
    attendance = gttim_session().attendances.first()
    response = admin_client.post(_url("meetings_attendance_change", attendance.pk), {
        "session": attendance.session_id, "person": attendance.person_id,
        "name": "Nombre inventado", "cargo": attendance.cargo,
        "institution": attendance.institution_id, "present": "on", "order": attendance.order,
    })
    assert response.status_code == 403
    attendance.refresh_from_db()
    assert attendance.name != "Nombre inventado"


def test_it_refuses_adding_rows_to_an_approved_minuta(admin_client):
    session = gttim_session()
    other = Attendance.objects.exclude(session=session).first()
    attendances, items = session.attendances.count(), session.agenda_items.count()
    response = admin_client.post(_url("meetings_attendance_add"), {
        "session": session.pk, "person": other.person_id, "name": "Alguien más", "cargo": "",
        "institution": other.institution_id, "present": "on", "order": 99,
    })
    assert response.status_code == 200
    assert "está aprobada" in response.content.decode()
    response = admin_client.post(_url("meetings_agendaitem_add"), {
        "session": session.pk, "order": 99, "start_time": "23:00", "end_time": "23:30",
        "activity": "Punto agregado después", "narrative": "",
        "presenters-TOTAL_FORMS": "0", "presenters-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    response = admin_client.post(_url("agreements_acuerdo_add"), {
        "session": session.pk, "text": "Acuerdo agregado después", "due_date": "2030-01-01",
        "responsibilities-TOTAL_FORMS": "0", "responsibilities-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "está aprobada" in response.content.decode()
    assert session.attendances.count() == attendances
    assert session.agenda_items.count() == items
    assert not session.acuerdos.filter(text="Acuerdo agregado después").exists()


def test_it_refuses_moving_a_draft_row_into_an_approved_minuta(admin_client):
    approved = gttim_session()
    item = mj_review_session().agenda_items.first()
    item.session.minuta_status = Session.MinutaStatus.DRAFT
    item.session.save(update_fields=["minuta_status"])
    admin_client.post(_url("meetings_agendaitem_change", item.pk), {
        "session": approved.pk, "order": 99, "start_time": "23:00", "end_time": "23:30",
        "activity": item.activity, "narrative": item.narrative,
        "presenters-TOTAL_FORMS": "0", "presenters-INITIAL_FORMS": "0",
    })
    item.refresh_from_db()
    assert item.session_id != approved.pk


def test_it_refuses_deleting_what_an_approved_minuta_prints(admin_client):
    session = gttim_session()
    acuerdo = session.acuerdos.first()
    item = session.agenda_items.first()
    attendance = session.attendances.first()
    for url in (_url("agreements_acuerdo_delete", acuerdo.pk),
                _url("meetings_agendaitem_delete", item.pk),
                _url("meetings_attendance_delete", attendance.pk),
                _url("meetings_session_delete", session.pk)):
        assert admin_client.post(url, {"post": "yes"}).status_code == 403, url
    for name, obj in (("meetings_session", session), ("agreements_acuerdo", acuerdo),
                      ("meetings_agendaitem", item), ("meetings_attendance", attendance)):
        admin_client.post(_url(f"{name}_changelist"), {
            "action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
        assert type(obj).objects.filter(pk=obj.pk).exists(), name
    assert Acuerdo.objects.filter(pk=acuerdo.pk).exists()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_it_never_deletes_the_stored_file_of_an_approved_minuta(admin_client, media):
    document = minuta_store_approved(session_id=gttim_session().pk)
    path = document.file.path
    assert admin_client.post(_url("documents_minutadocument_delete", document.pk),
                             {"post": "yes"}).status_code == 403
    admin_client.post(_url("documents_minutadocument_changelist"), {
        "action": "delete_selected", "_selected_action": [document.pk], "post": "yes"})
    assert MinutaDocument.objects.filter(pk=document.pk).exists()
    with open(path, "rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_it_keeps_the_workflow_out_of_reach_and_drafts_editable(admin_client):
    session = mj_review_session()  # in review
    attendance = session.attendances.first()
    response = admin_client.post(_url("meetings_attendance_change", attendance.pk), {
        "session": attendance.session_id, "person": attendance.person_id,
        "name": "Nombre corregido", "cargo": attendance.cargo,
        "institution": attendance.institution_id, "present": "on", "order": attendance.order,
    })
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.name == "Nombre corregido"
    page = admin_client.get(_url("meetings_session_change", session.pk)).content.decode()
    assert 'name="objective"' in page and 'name="minuta_status"' not in page
