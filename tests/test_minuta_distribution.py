"""Approving a minuta stores its PDF and sends it, once, to every participant with an e-mail."""

import hashlib

import pytest

from directory.models import Person
from documents.models import MinutaDocument
from meetings.models import Session
from meetings.services import minuta_approve

pytestmark = pytest.mark.django_db


def test_it_sends_the_stored_pdf_to_each_participant(demo, django_capture_on_commit_callbacks,
                                                     mailoutbox):
    session = Session.objects.get(group__acronym="MJ-MIGRACION", type="SO", number=3)
    approver = Person.objects.get(name="Félix Andrea Morales Ramírez")
    with django_capture_on_commit_callbacks(execute=True):
        minuta_approve(session=session, approved_by=approver)

    document = MinutaDocument.objects.get(session=session, revision=1, format="pdf")
    emails = set(session.attendances.exclude(person__email="").values_list("person__email",
                                                                           flat=True))
    assert {m.to[0] for m in mailoutbox} == emails and len(mailoutbox) == len(emails)
    for message in mailoutbox:
        [(name, content, mimetype)] = message.attachments
        assert (name, mimetype) == (document.filename, "application/pdf")
        assert hashlib.sha256(content).hexdigest() == document.sha256
    fgr = next(m for m in mailoutbox if m.to[0].endswith("@fgr.demo.example"))
    assert "Las instituciones revisarán el proyecto de lineamientos" in fgr.body
