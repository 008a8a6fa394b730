"""The Gabinete de Seguridad data set of issue 12, built through the services: from 1 October
2024 to 30 June 2025, 188 sessions held (184 at Palacio Nacional, 4 in Baja California Sur,
Guerrero, Querétaro and Sinaloa), 25 of them attended by the governors of 14 states, 655 acuerdos.
Around it, what must not count: a planned and a cancelled session in the period, a session and
its acuerdos outside the period, another group's sessions."""

import datetime as dt

import pytest
from django.db import transaction

from agreements.services import acuerdo_cancel, acuerdo_create, responsibility_change_status
from directory.models import Person
from meetings.models import Session, Venue
from meetings.places import Category
from meetings.services import attendance_add, session_plan

from .factories import GroupFactory, InstitutionFactory, PersonFactory

START, END = dt.date(2024, 10, 1), dt.date(2025, 6, 30)
SENTENCE = (
    "Del 1 de octubre de 2024 al 30 de junio de 2025 se realizaron 188 sesiones del Gabinete de "
    "Seguridad, de las cuales 184 fueron en Palacio Nacional y 4 en las entidades federativas de "
    "Baja California Sur, Guerrero, Querétaro y Sinaloa. A 25 sesiones asistieron 14 gobernadoras "
    "y gobernadores de los estados de Baja California Sur (2), Chihuahua, Guanajuato, Guerrero (3), "
    "Jalisco, Michoacán (3), Morelos, Nuevo León, Querétaro (2), Sinaloa (4), Sonora (3), "
    "Tamaulipas, Veracruz (2) y Zacatecas. Esta coordinación permitió alcanzar 655 acuerdos, de "
    "los cuales se han cumplido 60 y 5 quedaron sin efecto."
)

# Sessions attended by each state's governor (sum 26 over 25 sessions: one session had two).
GOVERNOR_SESSIONS = {
    "BCS": 2, "CHIH": 1, "GRO": 3, "GTO": 1, "JAL": 1, "MICH": 3, "MOR": 1, "NL": 1, "QRO": 2,
    "SIN": 4, "SON": 3, "TAMPS": 1, "VER": 2, "ZAC": 1,
}
STATE_VENUES = {"BCS": "Palacio de Gobierno de La Paz", "GRO": "Palacio de Gobierno de Chilpancingo",
                "QRO": "Palacio de Gobierno de Querétaro", "SIN": "Palacio de Gobierno de Culiacán"}
# 655 acuerdos over the 188 sessions: 3 each, and 91 sessions with a fourth (188*3 + 91).
ACUERDOS = 655
FULFILLED = 60
CANCELLED_ACUERDOS = 5


def session_days(count):
    """`count` distinct weekdays from START on, all within the period."""
    days, day = [], START
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    assert days[-1] <= END
    return days


def build_gabinete():
    sspc = InstitutionFactory(acronym="SSPC")
    sedena = InstitutionFactory(acronym="SEDENA")
    states_inst = InstitutionFactory(acronym="GOB-EST", kind="state")
    gabinete = GroupFactory(name="Gabinete de Seguridad", acronym="GABSEG", members=[sspc, sedena],
                            created_on=dt.date(2018, 12, 1))
    palacio = Venue.objects.create(name="Palacio Nacional", state="CDMX")
    state_venues = {st: Venue.objects.create(name=name, state=st)
                    for st, name in STATE_VENUES.items()}
    days = session_days(190)
    sessions = []
    for i, day in enumerate(days[:188]):
        state_code = list(STATE_VENUES)[i // 47] if i % 47 == 46 else None  # 4 sessions in states
        venue = state_venues[state_code] if state_code else palacio
        sessions.append(session_plan(
            group=gabinete, date=day, start_time=dt.time(7, 0), modality=Session.Modality.IN_PERSON,
            venue=venue, status=Session.Status.HELD))
    # Not counted: one planned, one cancelled in the period; one held before it.
    session_plan(group=gabinete, date=days[188], start_time=dt.time(7, 0))
    session_plan(group=gabinete, date=days[189], start_time=dt.time(7, 0),
                 status=Session.Status.CANCELLED)
    before = session_plan(group=gabinete, date=dt.date(2024, 9, 30), start_time=dt.time(7, 0),
                          venue=palacio, status=Session.Status.HELD)
    acuerdo_create(session=before, text="Fuera del periodo.", responsables=[sspc])

    # The governors: one person per state; session k gets the k-th governor visit, the 26th
    # visit shares session 0 with the first.
    governors = {st: PersonFactory(name=f"Gobernador(a) de {st}", institution=states_inst,
                                   sex="female" if i % 3 == 0 else "male")
                 for i, st in enumerate(GOVERNOR_SESSIONS)}
    visits = [st for st, n in GOVERNOR_SESSIONS.items() for _ in range(n)]
    state_sessions = [s for s in sessions if s.venue_id != palacio.pk]
    host = state_sessions + [s for s in sessions if s.venue_id == palacio.pk]
    for k, st in enumerate(visits):
        session = host[k % 25]
        attendance_add(session=session, person=governors[st], category=Category.GOVERNOR,
                       state=st)
    secretary = PersonFactory(name="Titular SSPC", institution=sspc, sex="female")
    for session in sessions[:10]:
        attendance_add(session=session, person=secretary, category=Category.TITULAR)

    acuerdos = []
    for i, session in enumerate(sessions):
        for _ in range(4 if i < ACUERDOS - 3 * 188 else 3):
            acuerdos.append(acuerdo_create(session=session, text="Dar seguimiento.",
                                           responsables=[sspc]))
    for acuerdo in acuerdos[:FULFILLED]:
        responsibility_change_status(responsibility=acuerdo.responsibilities.get(),
                                     status="fulfilled")
    for acuerdo in acuerdos[-CANCELLED_ACUERDOS:]:
        acuerdo_cancel(acuerdo=acuerdo, reason="Sin materia.")
    other = GroupFactory(members=1)
    session_plan(group=other, date=days[5], start_time=dt.time(9, 0), status=Session.Status.HELD,
                 venue=palacio)
    return {"group": gabinete, "acuerdos": acuerdos, "palacio": palacio, "governors": governors,
            "people": Person.objects.count()}


@pytest.fixture(scope="module")
def gabinete(django_db_setup, django_db_blocker):
    """Built once per test module (≈190 sessions, 655 acuerdos), rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        data = build_gabinete()
        yield data
        transaction.set_rollback(True)
