import pytest
from django.core.exceptions import ValidationError

from meetings.services import attendance_add

from .factories import InstitutionFactory, PersonFactory, make_session

pytestmark = pytest.mark.django_db


def test_it_keeps_cargo_and_institution_as_they_were_that_day():
    fgr, inm = InstitutionFactory(acronym="FGR"), InstitutionFactory(acronym="INM")
    person = PersonFactory(cargo="Agente del Ministerio Público Federal", institution=fgr)
    session = make_session()
    attendance = attendance_add(session=session, person=person)
    name_that_day = person.name

    person.cargo, person.institution, person.name = "Director General", inm, "Eder R. Pavón"
    person.save()

    attendance.refresh_from_db()
    assert (attendance.name, attendance.cargo, attendance.institution) == (
        name_that_day,
        "Agente del Ministerio Público Federal",
        fgr,
    )
    assert attendance.person.cargo == "Director General"


def test_it_refuses_the_same_person_twice():
    session, person = make_session(), PersonFactory()
    attendance_add(session=session, person=person)
    with pytest.raises(ValidationError, match="ya está en la lista"):
        attendance_add(session=session, person=person)
