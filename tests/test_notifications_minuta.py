"""notify_minuta_approved: the PDF to every participant with an e-mail, their own acuerdos listed."""

import pytest
from django.test import override_settings

from meetings.services import attendance_add
from notifications.models import Notification
from notifications.services import notify_minuta_approved

from .factories import PersonFactory, make_acuerdo
from .notify_helpers import eager  # noqa: F401
from .notify_helpers import world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]
PDF = ("minuta.pdf", b"%PDF-1.7 fake bytes for the test\n%%EOF")


def _setup():
    group, institutions, enlaces, session, acuerdo = world()
    other = make_acuerdo(session, text="Acuerdo de la segunda institución",
                         responsables=[institutions[1]])
    a = PersonFactory(institution=institutions[0], email="a@example.org")
    b = PersonFactory(institution=institutions[1], email="b@example.org")
    nobody = PersonFactory(institution=institutions[1], email="")
    for p in (a, b, nobody):
        attendance_add(session=session, person=p)
    return session, acuerdo, other


def test_it_sends_the_pdf_and_each_participants_own_acuerdos(mailoutbox, django_capture_on_commit_callbacks):
    session, acuerdo, other = _setup()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_minuta_approved(session_id=session.pk, pdf=PDF) == 2
    by_to = {m.to[0]: m for m in mailoutbox}
    assert set(by_to) == {"a@example.org", "b@example.org"}
    assert by_to["a@example.org"].attachments[0][:2] == ("minuta.pdf", PDF[1])
    assert acuerdo.number in by_to["a@example.org"].body
    assert other.text not in by_to["a@example.org"].body
    assert other.text in by_to["b@example.org"].body
    # a second call (a retried task) sends nothing new
    assert notify_minuta_approved(session_id=session.pk, pdf=PDF) == 0


@override_settings(NOTIFICATIONS_MINUTA_ATTACHMENT_MAX_BYTES=10)
def test_a_pdf_over_the_limit_becomes_a_link(mailoutbox, django_capture_on_commit_callbacks):
    session, *_ = _setup()
    with django_capture_on_commit_callbacks(execute=True):
        notify_minuta_approved(session_id=session.pk, pdf=PDF)
    assert mailoutbox and all(m.attachments == [] for m in mailoutbox)
    assert all(f"/{session.pk}/" in m.body for m in mailoutbox)
    assert Notification.objects.filter(kind="minuta", attachment__isnull=True).count() == 2
