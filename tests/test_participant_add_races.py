"""Adding participants at the same time (five people pressing "add" at once), and presenter
lines too long for their column: each is a message, never a 500, and list positions stay
distinct."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.test import Client

from meetings.models import AgendaItem, Attendance

from .factories import PersonFactory, make_session
from .workspace_data import filled_session, secretariat_user

HX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}


def _at_once(count, post):
    """Run post(n) in `count` threads released together; return the answers' bodies."""
    barrier = threading.Barrier(count)
    bodies, errors = [], []

    def run(n):
        try:
            barrier.wait()
            bodies.append(post(n))
        except Exception as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return bodies


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_five_simultaneous_adds_of_one_person_keep_one_and_say_so(postgres):
    session = make_session()
    user = secretariat_user(session.group)
    person = PersonFactory(institution=session.group.convening_institution)
    url = f"/sessions/{session.pk}/participants/"
    clients = [_client(user) for _ in range(5)]
    bodies = _at_once(5, lambda n: clients[n].post(url, {"person": person.pk}, **HX)
                      .content.decode())
    assert Attendance.objects.filter(session=session, person=person).count() == 1
    assert sum(f"{person.name} is already in the list." in b for b in bodies) == 4


@pytest.mark.django_db(transaction=True)
def test_simultaneous_adds_of_different_people_get_distinct_positions(postgres):
    session = make_session()
    user = secretariat_user(session.group)
    people = [PersonFactory(institution=session.group.convening_institution) for _ in range(5)]
    url = f"/sessions/{session.pk}/participants/"
    clients = [_client(user) for _ in range(5)]
    _at_once(5, lambda n: clients[n].post(url, {"person": people[n].pk}, **HX))
    orders = sorted(Attendance.objects.filter(session=session).values_list("order", flat=True))
    assert orders == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_the_database_refuses_two_participants_in_one_position():
    session = filled_session(participants=2, items=0, acuerdos=0)
    first, second = session.attendances.order_by("order")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.filter(pk=second.pk).update(order=first.order)


@pytest.mark.django_db
def test_a_presenter_line_over_300_characters_is_a_form_error(client):
    session = filled_session(participants=1, items=0, acuerdos=0)
    client.force_login(secretariat_user(session.group))
    long_line = " / ".join(["Dirección General"] * 18)  # 357 characters
    response = client.post(f"/sessions/{session.pk}/agenda/", {
        "new-start_time": "10:00", "new-end_time": "10:30", "new-activity": "Informe",
        "new-presenters_text": f"Ponente breve\n{long_line}",
    }, **HX)
    body = response.content.decode()
    assert "Each presenter line may have at most 300 characters; this one has 357" in body
    assert "Informe" in body  # what was typed is kept
    assert not AgendaItem.objects.filter(session=session).exists()
    item = session.agenda_items.create(order=1, start_time=dt.time(11), end_time=dt.time(11, 30),
                                       activity="Otro")
    response = client.post(f"/sessions/{session.pk}/agenda/{item.pk}/", {
        f"a{item.pk}-start_time": "11:00", f"a{item.pk}-end_time": "11:30",
        f"a{item.pk}-activity": "Otro", f"a{item.pk}-presenters_text": long_line,
    }, **HX)
    assert "at most 300 characters" in response.content.decode()
    assert not item.presenters.exists()
