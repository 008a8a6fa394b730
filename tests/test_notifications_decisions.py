"""The reporting enlace hears of every decision on their report or due date request."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from agreements.models import Acuerdo
from followup import services

pytestmark = pytest.mark.django_db


def _user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def part(demo):
    acuerdo = Acuerdo.objects.get(number="5/SO-3")
    return acuerdo.responsibilities.get(institution__acronym="FGR")


def test_it_tells_the_enlace_their_report_was_validated(part, django_capture_on_commit_callbacks,
                                                         mailoutbox):
    report = services.progress_report(responsibility=part, status="reported",
                                      comment="Se enviaron comentarios", actor=_user("enlace.fgr"))
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.report_validate(report=report, actor=_user("secretaria"))
    [message] = mailoutbox
    assert message.to == [_user("enlace.fgr").email]
    assert message.subject == "5/SO-3: cumplimiento validado"
    assert "5/SO-3" in message.alternatives[0][0]


def test_it_tells_the_enlace_a_due_date_request_was_rejected(
        part, django_capture_on_commit_callbacks, mailoutbox):
    request = services.due_date_request(responsibility=part, new_date=dt.date(2026, 12, 31),
                                        reason="Cambio de titular", actor=_user("enlace.fgr"))
    with django_capture_on_commit_callbacks(execute=True):
        services.due_date_request_reject(request=request, reason="Ya hubo prórroga",
                                         actor=_user("secretaria"))
    [message] = mailoutbox
    assert message.subject == "5/SO-3: nueva fecha rechazada"
    assert "Ya hubo prórroga" in message.body and "31 de diciembre de 2026" in message.body
