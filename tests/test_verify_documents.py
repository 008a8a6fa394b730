"""Stored files are checked against their SHA-256 on every download and by
`manage.py verify_documents` (nightly through Celery beat); an altered or missing file is refused
with a clear page, logged and written to the audit log, never served (issue 11)."""

import hashlib
import logging

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from agreements.models import Acuerdo
from audit.models import AuditEntry
from documents.services import minuta_store_approved
from documents.tasks import verify_stored_files
from followup import services as followup_services
from followup.models import Evidence
from tracker.schedules import CELERY_BEAT_SCHEDULE

from .followup_helpers import PDF_BYTES, pdf, user
from .minuta_helpers import gttim_session, media  # noqa: F401

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def stored(demo, media):
    return minuta_store_approved(session_id=gttim_session().pk)


@pytest.fixture
def evidence(demo, media):
    part = Acuerdo.objects.get(group__acronym="GTTIM", number="5/SO-3").responsibilities.get(
        institution__acronym="FGR")
    report = followup_services.progress_report(
        responsibility=part, status="reported", comment="Hecho", files=[pdf()],
        actor=user("enlace.fgr"))
    return report.evidence.get()


def _alter(fieldfile):
    with open(fieldfile.path, "r+b") as handle:
        handle.seek(-8, 2)
        handle.write(b"ALTERED!")


def test_it_serves_an_intact_stored_minuta(stored, client):
    client.force_login(user("secretaria"))
    response = client.get(reverse("documents:minuta_pdf", args=[stored.session_id]))
    assert response.status_code == 200
    assert hashlib.sha256(_body(response)).hexdigest() == stored.sha256


def test_it_refuses_a_stored_minuta_altered_on_disk(stored, client, caplog):
    _alter(stored.file)
    client.force_login(user("secretaria"))
    with caplog.at_level(logging.ERROR, logger="documents.integrity"):
        for url in (reverse("documents:minuta_pdf", args=[stored.session_id]),
                    reverse("documents:minuta_file", args=[stored.pk])):
            response = client.get(url)
            assert response.status_code == 409
            assert response["Content-Type"].startswith("text/html")
            page = response.content.decode()
            assert "no coincide con la huella" in page and "%PDF" not in page
            assert "ETag" not in response
    assert "altered" in caplog.text and stored.sha256 in caplog.text
    entry = AuditEntry.objects.filter(action="integrity_failed").first()
    assert entry.object_type == "documents.minutadocument" and entry.object_id == str(stored.pk)
    assert entry.changes["sha256"][0] == stored.sha256
    assert entry.changes["sha256"][1] != stored.sha256


def test_it_answers_a_missing_stored_minuta_with_a_spanish_page(stored, client):
    stored.file.storage.delete(stored.file.name)
    client.force_login(user("secretaria"))
    response = client.get(reverse("documents:minuta_pdf", args=[stored.session_id]))
    assert response.status_code == 404
    assert "no está en el servidor" in response.content.decode()
    assert AuditEntry.objects.filter(action="integrity_failed",
                                     detail__startswith="missing").exists()


def test_it_records_the_hash_of_new_evidence_and_refuses_it_altered(evidence, client):
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    client.force_login(user("enlace.fgr"))
    url = reverse("followup:evidence", args=[evidence.pk])
    assert _body(client.get(url)) == PDF_BYTES
    _alter(evidence.file)
    response = client.get(url)
    assert response.status_code == 409 and "no coincide" in response.content.decode()
    api = APIClient()
    api.force_authenticate(user("enlace.fgr"))
    response = api.get(f"/api/v1/evidence/{evidence.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert response.json()["code"] == "stored_file_altered"
    assert "no longer matches" in response.json()["detail"]


def test_the_command_reports_nothing_when_every_file_is_intact(stored, evidence, capsys):
    Evidence.objects.filter(pk=evidence.pk).update(sha256="")  # uploaded before hashes existed
    call_command("verify_documents")
    assert "2 files checked, 1 hashes recorded, 0 problems." in capsys.readouterr().out
    evidence.refresh_from_db()
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    summary = AuditEntry.objects.get(action="integrity_checked")
    assert summary.detail.startswith("2 checked, 1 recorded, 0 problems")


def test_the_command_fails_and_logs_each_altered_or_missing_file(stored, evidence, capsys):
    _alter(stored.file)
    evidence.file.storage.delete(evidence.file.name)
    with pytest.raises(CommandError, match="2 problems"):
        call_command("verify_documents")
    err = capsys.readouterr().err
    assert f"#{stored.pk} altered" in err and f"#{evidence.pk} missing" in err
    assert AuditEntry.objects.filter(action="integrity_failed").count() == 2
    assert "2 problems" in AuditEntry.objects.get(action="integrity_checked").detail


def test_the_nightly_job_runs_the_check(stored):
    job = next(j for j in CELERY_BEAT_SCHEDULE.values()
               if j["task"] == "documents.verify_stored_files")
    assert job["schedule"].hour == {2}
    _alter(stored.file)
    assert verify_stored_files.apply().get() == 1
