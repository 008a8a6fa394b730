"""Lost updates in the session editor and the API: two saves of one version never both win, a save
without its version token is refused, the loser keeps their text and sees the newer value; the
API's ETag moves with every accepted write; an acuerdo of a minuta in review changes neither
through the editor nor through the API (one rule, in agreements.services)."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connections
from rest_framework.test import APIClient

from agreements.models import Acuerdo, Responsibility
from agreements.services import acuerdo_change_text
from meetings import drafting
from meetings.models import AgendaItem
from meetings.services import agenda_item_add, minuta_submit
from tracker.versions import StaleWrite, token

from .factories import GroupFactory, InstitutionFactory, PersonFactory, UserFactory, make_acuerdo
from .factories import make_session
from .workspace_data import secretariat_user

HX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}
TRIALS = 10


def _race(calls):
    """Run the calls at once from their own threads and connections; return what each gave."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(n, call):
        try:
            barrier.wait(timeout=10)
            results[n] = ("saved", call())
        except StaleWrite as exc:
            results[n] = ("stale", exc)
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            results[n] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def draft(transactional_db):
    group = GroupFactory(members=2)
    session = make_session(group=group, start_time=dt.time(9, 0), end_time=dt.time(12, 0))
    item = agenda_item_add(session=session, start_time=dt.time(9, 0), end_time=dt.time(9, 30),
                           activity="Punto 1", narrative="Texto de partida")
    acuerdo = make_acuerdo(session, text="Texto de partida")
    return {"session": session, "item": item, "acuerdo": acuerdo,
            "editors": [UserFactory(username="ed.a"), UserFactory(username="ed.b")]}


@pytest.mark.django_db(transaction=True)
def test_two_narrative_saves_of_one_version_never_both_win(postgres, draft):
    item = draft["item"]
    for trial in range(TRIALS):
        item = AgendaItem.objects.get(pk=item.pk)
        version = token(item.narrative)
        texts = [f"Versión A {trial}", f"Versión B {trial}"]
        results = _race([
            (lambda text=text, user=user: drafting.agenda_narrative_save(
                item=item, narrative=text, version=version, actor=user))
            for text, user in zip(texts, draft["editors"])
        ])
        kinds = sorted(kind for kind, _value in results)
        assert kinds == ["saved", "stale"], results
        winner = texts[[k for k, _v in results].index("saved")]
        loser = next(v for k, v in results if k == "stale")
        assert AgendaItem.objects.get(pk=item.pk).narrative == winner
        assert loser.current == winner  # the refusal carries the newer text to show


@pytest.mark.django_db(transaction=True)
def test_two_acuerdo_text_saves_of_one_version_never_both_win(postgres, draft):
    acuerdo = draft["acuerdo"]
    for trial in range(TRIALS):
        acuerdo = Acuerdo.objects.get(pk=acuerdo.pk)
        version = token(acuerdo.text)
        texts = [f"Acuerdo A {trial}", f"Acuerdo B {trial}"]
        results = _race([
            (lambda text=text, user=user: acuerdo_change_text(
                acuerdo=acuerdo, text=text, version=version, actor=user))
            for text, user in zip(texts, draft["editors"])
        ])
        assert sorted(kind for kind, _value in results) == ["saved", "stale"], results
        winner = texts[[k for k, _v in results].index("saved")]
        assert Acuerdo.objects.get(pk=acuerdo.pk).text == winner
        assert acuerdo.events.filter(new_value=winner).count() == 1
        assert not acuerdo.events.filter(new_value__in=set(texts) - {winner}).exists()


@pytest.fixture
def editor(db, client):
    group = GroupFactory(members=2)
    user = secretariat_user(group)
    session = make_session(group=group, start_time=dt.time(9, 0), end_time=dt.time(12, 0))
    item = agenda_item_add(session=session, start_time=dt.time(9, 0), end_time=dt.time(9, 30),
                           activity="Punto 1", narrative="Texto de partida")
    acuerdo = make_acuerdo(session, text="Texto de partida")
    client.force_login(user)
    return {"session": session, "item": item, "acuerdo": acuerdo, "user": user}


def test_a_save_without_its_version_token_is_refused_and_keeps_the_text(client, editor):
    session, item, acuerdo = editor["session"], editor["item"], editor["acuerdo"]
    url = f"/sessions/{session.pk}/agenda/{item.pk}/narrative/"
    reply = client.post(url, {f"n{item.pk}-narrative": "Mi texto sin versión"}, **HX)
    html = reply.content.decode()
    assert "Not saved" in html and "Texto de partida" in html  # the stored value, shown
    item.refresh_from_db()
    assert item.narrative == "Texto de partida"
    # Positive control: with the token the page now carries, the same text saves.
    sent = html.split('name="v_narrative" value="')[1].split('"')[0]
    assert sent == token("Texto de partida")
    reply = client.post(url, {f"n{item.pk}-narrative": "Mi texto sin versión",
                              "v_narrative": sent}, **HX)
    assert "Saved" in reply.content.decode()
    item.refresh_from_db()
    assert item.narrative == "Mi texto sin versión"

    url = f"/sessions/{session.pk}/acuerdos/{acuerdo.pk}/"
    p = f"c{acuerdo.pk}"
    reply = client.post(url, {f"{p}-text": "Acuerdo sin versión", "action": "save"}, **HX)
    html = reply.content.decode()
    assert "Someone else changed this meanwhile" in html and "Acuerdo sin versión" in html
    acuerdo.refresh_from_db()
    assert acuerdo.text == "Texto de partida"
    client.post(url, {f"{p}-text": "Acuerdo sin versión", "action": "save",
                      "v_text": token("Texto de partida")}, **HX)
    acuerdo.refresh_from_db()
    assert acuerdo.text == "Acuerdo sin versión"


def test_the_loser_of_a_race_keeps_their_text_and_sees_the_winners(client, editor):
    """The moment the form's own check passed but another save committed first: the service
    refuses under its lock (simulated by a save that lands between page and POST with the same
    text the form compares against)."""
    session, acuerdo = editor["session"], editor["acuerdo"]
    version = token(acuerdo.text)
    acuerdo_change_text(acuerdo=acuerdo, text="Texto del ganador", version=version)
    p = f"c{acuerdo.pk}"
    reply = client.post(f"/sessions/{session.pk}/acuerdos/{acuerdo.pk}/",
                        {f"{p}-text": "Texto del perdedor", "action": "save",
                         "v_text": version}, **HX)
    html = reply.content.decode()
    assert "Texto del ganador" in html and "Texto del perdedor" in html
    acuerdo.refresh_from_db()
    assert acuerdo.text == "Texto del ganador"


def _api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@time_machine.travel("2025-07-01 10:00 -06:00", tick=False)
def test_the_etag_of_a_part_changes_with_every_accepted_write(db):
    institution = InstitutionFactory()
    group = GroupFactory(members=[institution])
    enlace = UserFactory()
    PersonFactory(institution=institution, is_enlace=True, user=enlace)
    acuerdo = make_acuerdo(make_session(group=group), responsables=[institution])
    part = acuerdo.responsibilities.get()
    client, url = _api(enlace), f"/api/v1/responsibilities/{part.pk}/"
    first = client.get(url)["ETag"]
    ok = client.patch(url, {"status": "in_progress", "note": "Primer avance"}, format="json",
                      HTTP_IF_MATCH=first)
    assert ok.status_code == 200 and ok["ETag"] != first
    # Same status, same instant (frozen clock): still a new version.
    second = client.patch(url, {"status": "in_progress", "note": "Segundo avance"},
                          format="json", HTTP_IF_MATCH=ok["ETag"])
    assert second.status_code == 200 and second["ETag"] != ok["ETag"]
    repeated = client.patch(url, {"status": "in_progress", "note": "Tercer avance"},
                            format="json", HTTP_IF_MATCH=ok["ETag"])
    assert repeated.status_code == 412
    assert Responsibility.objects.get(pk=part.pk).reports.count() == 2


def test_an_acuerdo_of_a_minuta_in_review_changes_neither_in_the_api_nor_the_editor(db, client):
    group = GroupFactory(members=2)
    secretary = secretariat_user(group)
    acuerdo = make_acuerdo(make_session(group=group), text="Texto en borrador")
    api, url = _api(secretary), f"/api/v1/acuerdos/{acuerdo.pk}/"
    # Positive control: in a draft the API changes it.
    ok = api.patch(url, {"text": "Texto corregido"}, format="json",
                   HTTP_IF_MATCH=api.get(url)["ETag"])
    assert ok.status_code == 200, ok.content
    minuta_submit(session=acuerdo.session, user=secretary)
    refused = api.patch(url, {"text": "Cambio durante la revisión"}, format="json",
                        HTTP_IF_MATCH=api.get(url)["ETag"])
    assert refused.status_code == 400 and "in review" in refused.content.decode()
    due = api.patch(url, {"due_date": "2026-01-31", "reason": "ajuste"}, format="json",
                    HTTP_IF_MATCH=api.get(url)["ETag"])
    assert due.status_code == 400
    client.force_login(secretary)
    p = f"c{acuerdo.pk}"
    reply = client.post(f"/sessions/{acuerdo.session_id}/acuerdos/{acuerdo.pk}/",
                        {f"{p}-text": "Cambio desde el editor", "action": "save",
                         "v_text": token("Texto corregido")}, **HX)
    assert "in review" in reply.content.decode()
    acuerdo.refresh_from_db()
    assert (acuerdo.text, acuerdo.due_date) == ("Texto corregido", None)
