"""The session editor's writes: access, stale saves, autosave, photos, acuerdo order, errors."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from agreements.models import Acuerdo, AcuerdoEvent
from agreements.services import acuerdo_reorder
from meetings.models import MinutaEvent, Session
from meetings.services import minuta_approve_by, minuta_open_revision, minuta_submit

from .factories import GroupFactory, UserFactory, make_acuerdo, make_session
from .workspace_data import filled_session, secretariat_user

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def setup(client):
    session = filled_session(participants=3, items=2, acuerdos=3)
    user = secretariat_user(session.group)
    client.force_login(user)
    return session, user


def _png(size=(20, 20), fmt="PNG"):
    buf = io.BytesIO()
    Image.new("RGB", size, "red").save(buf, fmt)
    return buf.getvalue()


def test_it_hides_sessions_of_other_groups_with_404(client, setup):
    other = make_session(group=GroupFactory(members=1))
    for url in (f"/sessions/{other.pk}/", f"/groups/{other.group.pk}/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/sessions/{other.pk}/header/", {}).status_code == 404


def test_it_lets_a_coordinator_read_but_not_write(client, setup):
    session, _ = setup
    coordinator = UserFactory()
    session.group.coordinators.add(coordinator)
    client.force_login(coordinator)
    page = client.get(f"/sessions/{session.pk}/", **HX).content.decode()
    assert "Punto 1" in page and 'name="h-title"' not in page
    assert client.post(f"/sessions/{session.pk}/header/", {}).status_code == 404


def test_it_refuses_a_stale_header_save_and_shows_the_newer_value(client, setup):
    session, _ = setup
    page = client.get(f"/sessions/{session.pk}/")
    token = page.context["header_form"].tokens["objective"]
    Session.objects.filter(pk=session.pk).update(objective="Versión de la otra persona")
    data = {f"h-{k}": v for k, v in {
        "title": session.title, "date": "2025-06-03", "start_time": "09:00",
        "end_time": "20:00", "modality": "virtual", "status": "planned",
        "objective": "Mi versión", "convoca": session.convoca_id}.items()}
    data["v_objective"] = token
    reply = client.post(f"/sessions/{session.pk}/header/", data, **HX).content.decode()
    assert "Versión de la otra persona" in reply and "Mi versión" in reply
    session.refresh_from_db()
    assert session.objective == "Versión de la otra persona"
    # Saving again from the refreshed form is a deliberate overwrite.
    data["v_objective"] = reply.split('name="v_objective" value="')[1].split('"')[0]
    client.post(f"/sessions/{session.pk}/header/", data, **HX)
    session.refresh_from_db()
    assert session.objective == "Mi versión"
    assert MinutaEvent.objects.filter(session=session, new_value="Mi versión").exists()


def test_it_shows_a_form_error_next_to_its_field(client, setup):
    session, _ = setup
    with translation.override("en"):
        reply = client.post(f"/sessions/{session.pk}/agenda/", {
            "new-start_time": "08:00", "new-end_time": "08:30", "new-activity": "Antes"}, **HX)
    assert reply.status_code == 200
    html = reply.content.decode()
    # Django's ids: the field is marked invalid and described by its error (docs/accessibility.md).
    assert 'id="id_new-start_time_error"' in html and "starts before the session" in html
    assert 'aria-describedby="id_new-start_time_error"' in html and 'aria-invalid="true"' in html


def test_it_autosaves_the_narrative_and_says_when_a_save_was_stale(client, setup):
    session, _ = setup
    item = session.agenda_items.first()
    url = f"/sessions/{session.pk}/agenda/{item.pk}/narrative/"
    ok = client.post(url, {f"n{item.pk}-narrative": "Texto nuevo",
                           "v_narrative": __import__("workspace.concurrency").concurrency.token(
                               item.narrative)}, **HX).content.decode()
    assert "Saved" in ok
    stale = client.post(url, {f"n{item.pk}-narrative": "Otro texto",
                              "v_narrative": "0000"}, **HX).content.decode()
    assert "Not saved" in stale and "Texto nuevo" in stale
    item.refresh_from_db()
    assert item.narrative == "Texto nuevo"


def test_it_accepts_a_png_and_refuses_a_fake_or_oversized_photo(client, setup):
    session, _ = setup
    url = f"/sessions/{session.pk}/photos/"
    good = SimpleUploadedFile("foto.png", _png(), content_type="image/png")
    client.post(url, {"photo-image": good, "photo-caption": "Pantalla"}, **HX)
    assert session.photos.get().caption == "Pantalla"
    fake = SimpleUploadedFile("foto.png", b"not an image", content_type="image/png")
    reply = client.post(url, {"photo-image": fake}, **HX).content.decode()
    assert "Only JPEG or PNG" in reply
    gif = SimpleUploadedFile("foto.gif", _png(fmt="GIF"), content_type="image/gif")
    assert "Only JPEG or PNG" in client.post(url, {"photo-image": gif}, **HX).content.decode()
    big = SimpleUploadedFile("big.png", _png() + b"0" * (5 * 1024 * 1024),
                             content_type="image/png")
    assert "at most 5 MB" in client.post(url, {"photo-image": big}, **HX).content.decode()
    assert session.photos.count() == 1


def test_it_renumbers_acuerdos_when_reordered_before_approval(setup):
    session, user = setup
    first, second, third = session.acuerdos.order_by("sequence")
    acuerdo_reorder(session=session, order=[third.pk, first.pk, second.pk], actor=user)
    numbers = dict(Acuerdo.objects.filter(session=session).values_list("text", "number"))
    assert numbers == {"Acuerdo 3": "1/SO-1", "Acuerdo 1": "1/SO-2", "Acuerdo 2": "1/SO-3"}
    assert AcuerdoEvent.objects.filter(kind=AcuerdoEvent.Kind.NUMBER).count() == 3


def test_it_keeps_published_numbers_after_a_correction(setup):
    session, user = setup
    approver = secretariat_user(session.group, username="otra")
    minuta_submit(session=session, user=user)
    minuta_approve_by(session=session, user=approver)
    with pytest.raises(ValidationError):
        acuerdo_reorder(session=session, order=list(
            session.acuerdos.values_list("pk", flat=True)))
    session = minuta_open_revision(session=session, user=user, reason="Falta un nombre")
    with translation.override("en"), pytest.raises(ValidationError, match="published"):
        acuerdo_reorder(session=session, order=list(
            session.acuerdos.order_by("-sequence").values_list("pk", flat=True)))
    revision = session.minuta_revisions.get()
    assert revision.number == 1 and revision.content["acuerdos"][0]["number"] == "1/SO-1"


def test_it_returns_a_minuta_in_review_with_comments(client, setup):
    session, user = setup
    minuta_submit(session=session, user=user)
    reviewer = UserFactory()
    session.group.coordinators.add(reviewer)
    client.force_login(reviewer)
    empty = client.post(f"/sessions/{session.pk}/return/", {"ret-comments": " "})
    assert empty.status_code == 422
    client.post(f"/sessions/{session.pk}/return/", {"ret-comments": "Falta el objetivo"})
    session.refresh_from_db()
    assert session.minuta_status == Session.MinutaStatus.DRAFT
    event = session.minuta_events.get(kind=MinutaEvent.Kind.RETURNED)
    assert (event.actor, event.note) == (reviewer, "Falta el objetivo")


def test_it_refuses_writes_while_in_review(client, setup):
    session, user = setup
    minuta_submit(session=session, user=user)
    with translation.override("en"):
        reply = client.post(f"/sessions/{session.pk}/acuerdos/", {
            "acuerdo-text": "Nuevo", "acuerdo-responsables": ["all"]}, **HX)
    assert "in review" in reply.content.decode()
    assert session.acuerdos.count() == 3


def test_it_adds_the_follow_up_of_earlier_acuerdos_as_an_agenda_item(client, setup):
    session, user = setup
    later = make_session(group=session.group, date=dt.date(2025, 8, 5))
    make_acuerdo(later, text="Posterior")
    client.post(f"/sessions/{later.pk}/agenda/followup/", **HX)
    item = later.agenda_items.get()
    assert "1/SO-1" in item.narrative and "Posterior" not in item.narrative
