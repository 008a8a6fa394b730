import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings.services import agenda_item_add, attendance_add

from .factories import PersonFactory, make_session

pytestmark = pytest.mark.django_db
T = dt.time


@pytest.fixture
def session():
    s = make_session(start_time=T(12, 0), end_time=T(13, 35))
    agenda_item_add(session=s, start_time=T(12, 15), end_time=T(12, 35), activity="Presentación")
    return s


@pytest.mark.parametrize(
    "start,end,field,message",
    [
        (T(12, 30), T(12, 40), "start_time", "se traslapa"),  # overlaps 12:15–12:35
        (T(12, 0), T(12, 20), "start_time", "se traslapa"),
        (T(11, 50), T(12, 5), "start_time", "antes de la sesión"),
        (T(13, 30), T(13, 40), "end_time", "después de la sesión"),
        (T(12, 50), T(12, 40), "end_time", "terminar después"),
    ],
)
def test_it_refuses_bad_slots(session, start, end, field, message):
    with pytest.raises(ValidationError) as exc:
        agenda_item_add(session=session, start_time=start, end_time=end, activity="Otra")
    assert message in " ".join(exc.value.message_dict[field])
    assert session.agenda_items.count() == 1


def test_it_accepts_adjacent_slots_and_orders_items(session):
    before = agenda_item_add(session=session, start_time=T(12, 0), end_time=T(12, 15),
                             activity="Bienvenida")
    after = agenda_item_add(session=session, start_time=T(12, 35), end_time=T(12, 55),
                            activity="Balance")
    assert [i.order for i in (before, after)] == [2, 3]


def test_presenters_are_participants_or_text(session):
    attendance = attendance_add(session=session, person=PersonFactory(name="Renée Cornu Solis",
                                                                       cargo="Subdirectora"))
    item = agenda_item_add(
        session=session, start_time=T(12, 55), end_time=T(13, 10), activity="Plan de trabajo",
        presenters=[attendance, "Invitada especial", (attendance, "Renée Cornu, Subdirectora de "
                                                                  "Investigación")],
    )
    assert [p.label for p in item.presenters.all()] == [
        "Renée Cornu Solis, Subdirectora",
        "Invitada especial",
        "Renée Cornu, Subdirectora de Investigación",
    ]


def test_a_presenter_from_another_session_is_refused(session):
    other = attendance_add(session=make_session(), person=PersonFactory())
    with pytest.raises(ValidationError):
        agenda_item_add(session=session, start_time=T(12, 55), end_time=T(13, 10),
                        activity="Plan", presenters=[other])
