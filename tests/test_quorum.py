"""Quorum per group: a number or a share of member institutions; before the session from the
confirmations, after it from who was present; printed in the minuta (PDF text) if the group asks."""

import datetime as dt
import subprocess

import pytest
from django.utils import timezone

from convocatorias.models import GroupConvocatoriaSettings
from convocatorias.selectors import minuta_quorum_line, quorum
from convocatorias.services import confirmation_save
from documents.render import render_minuta_pdf
from meetings.models import Attendance, Session
from meetings.services import attendance_add, session_plan

from .factories import GroupFactory, InstitutionFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gttim(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    institutions = [InstitutionFactory(acronym=a) for a in ("FGR", "OIM", "SRE", "INM", "CNDH")]
    group = GroupFactory(acronym="GTTIM", members=institutions)
    session = session_plan(group=group, date=timezone.localdate() + dt.timedelta(days=5),
                           start_time=dt.time(10))
    return group, institutions, session


def test_it_has_no_quorum_unless_the_group_sets_one(gttim):
    group, institutions, session = gttim
    assert quorum(session).required is None
    assert minuta_quorum_line(session) == ""


def test_it_counts_a_share_rounded_up_and_confirmations_before(gttim):
    group, institutions, session = gttim
    GroupConvocatoriaSettings.objects.create(group=group, quorum_percent=50)
    assert quorum(session).required == 3  # half of 5, rounded up
    for institution in institutions[:2]:
        person = PersonFactory(institution=institution)
        confirmation_save(session=session, institution=institution, actor=None,
                          answer="attends", attendees=[(person, "titular")])
    confirmation_save(session=session, institution=institutions[2], actor=None, answer="declines")
    q = quorum(session)
    assert (q.confirmed, q.met_by_confirmations) == (2, False)
    person = PersonFactory(institution=institutions[3])
    confirmation_save(session=session, institution=institutions[3], actor=None,
                      answer="attends", attendees=[(person, "suplente")])
    assert quorum(session).met_by_confirmations


def test_it_counts_present_institutions_after_and_prints_it_in_the_minuta(gttim, tmp_path):
    group, institutions, session = gttim
    settings = GroupConvocatoriaSettings.objects.create(group=group, quorum_count=2)
    for institution in institutions[:3]:
        attendance_add(session=session, person=PersonFactory(institution=institution))
    Attendance.objects.filter(session=session, institution=institutions[2]).update(present=False)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD)
    q = quorum(session)
    assert (q.present, q.met) == (2, True)
    assert minuta_quorum_line(session) == ""  # the group did not ask to print it
    settings.quorum_in_minuta = True
    settings.save()
    line = "Hubo quórum: asistieron 2 de 5 instituciones integrantes (quórum requerido: 2)."
    assert minuta_quorum_line(session) == line
    pdf = tmp_path / "minuta.pdf"
    pdf.write_bytes(render_minuta_pdf(session))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Hubo quórum: asistieron 2 de 5" in " ".join(text.split())
