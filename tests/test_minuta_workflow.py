import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from meetings.models import Session
from meetings.services import minuta_approve, minuta_submit_for_review

from .factories import PersonFactory, make_session

pytestmark = pytest.mark.django_db


def test_it_goes_from_draft_to_review_to_approved():
    session, drafter, approver = make_session(), PersonFactory(), PersonFactory()
    minuta_submit_for_review(session=session, drafted_by=drafter)
    session = minuta_approve(session=session, approved_by=approver)
    assert session.minuta_status == Session.MinutaStatus.APPROVED
    assert (session.drafted_by, session.approved_by) == (drafter, approver)
    assert session.approved_at is not None and session.is_locked


def test_the_drafter_cannot_approve_their_own_minuta():
    session, drafter = make_session(), PersonFactory()
    minuta_submit_for_review(session=session, drafted_by=drafter)
    with pytest.raises(ValidationError, match="otra persona"):
        minuta_approve(session=session, approved_by=drafter)
    session.refresh_from_db()
    assert session.minuta_status == Session.MinutaStatus.IN_REVIEW


def test_a_draft_cannot_be_approved_directly():
    with pytest.raises(ValidationError):
        minuta_approve(session=make_session(), approved_by=PersonFactory())


def test_the_database_refuses_an_approver_who_drafted():
    session, person = make_session(), PersonFactory()
    with pytest.raises(IntegrityError):
        Session.objects.filter(pk=session.pk).update(drafted_by=person, approved_by=person)
