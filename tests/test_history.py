import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from agreements.models import AcuerdoEvent, Responsibility
from agreements.services import (
    acuerdo_change_due_date,
    acuerdo_change_text,
    responsibility_change_status,
)
from meetings.services import minuta_approve, minuta_submit_for_review
from tracker.versions import token

from .factories import PersonFactory, UserFactory, make_acuerdo

pytestmark = pytest.mark.django_db


@pytest.fixture
def acuerdo():
    return make_acuerdo(text="Texto original", due_date=dt.date(2025, 6, 11))


def test_creation_is_the_first_history_row(acuerdo):
    assert list(acuerdo.events.values_list("kind", "new_value")) == [("created", "Texto original")]


def test_it_records_a_text_change_with_who_old_and_new(acuerdo):
    secretaria = UserFactory(username="secretaria")
    acuerdo_change_text(acuerdo=acuerdo, text="Texto corregido", version=token(acuerdo.text),
                        actor=secretaria, note="errata")
    event = acuerdo.events.get(kind=AcuerdoEvent.Kind.TEXT)
    assert (event.actor, event.old_value, event.new_value, event.note) == (
        secretaria, "Texto original", "Texto corregido", "errata"
    )


def test_a_due_date_change_needs_a_reason(acuerdo):
    with pytest.raises(ValidationError) as exc:
        acuerdo_change_due_date(acuerdo=acuerdo, due_date=dt.date(2025, 7, 1), reason="  ")
    assert "reason" in exc.value.message_dict
    acuerdo.refresh_from_db()
    assert acuerdo.due_date == dt.date(2025, 6, 11)

    acuerdo_change_due_date(acuerdo=acuerdo, due_date=dt.date(2025, 7, 1), reason="Lo pidió FGR")
    event = acuerdo.events.get(kind=AcuerdoEvent.Kind.DUE_DATE)
    assert (event.old_value, event.new_value, event.note) == ("2025-06-11", "2025-07-01",
                                                              "Lo pidió FGR")


def test_the_database_refuses_a_due_date_row_without_reason(acuerdo):
    with pytest.raises(IntegrityError):
        AcuerdoEvent.objects.create(acuerdo=acuerdo, kind=AcuerdoEvent.Kind.DUE_DATE)


def test_a_due_date_before_the_session_is_refused(acuerdo):
    with pytest.raises(ValidationError) as exc:
        acuerdo_change_due_date(acuerdo=acuerdo, due_date=dt.date(2025, 6, 1), reason="x")
    assert "due_date" in exc.value.message_dict


def test_it_records_status_changes_per_responsibility(acuerdo):
    part = acuerdo.responsibilities.get()
    responsibility_change_status(responsibility=part, status=Responsibility.Status.IN_PROGRESS)
    responsibility_change_status(responsibility=part, status=Responsibility.Status.FULFILLED,
                                 note="Oficio enviado")
    rows = list(part.events.values_list("old_value", "new_value", "note"))
    assert rows == [("pending", "in_progress", ""), ("in_progress", "fulfilled", "Oficio enviado")]


def test_an_approved_minuta_freezes_the_text(acuerdo):
    drafter, approver = PersonFactory(), PersonFactory()
    minuta_submit_for_review(session=acuerdo.session, drafted_by=drafter)
    minuta_approve(session=acuerdo.session, approved_by=approver)
    with pytest.raises(ValidationError, match="aprobada"):
        acuerdo_change_text(acuerdo=acuerdo, text="Otro texto", version=token(acuerdo.text))
    acuerdo.refresh_from_db()
    assert acuerdo.text == "Texto original"
