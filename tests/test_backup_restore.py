"""manage.py backup / restore: the demo is backed up, wiped (flush + media deleted), restored,
and every stored minuta's SHA-256 and every table's row count come back."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings

from documents.models import MinutaDocument
from documents.services import minuta_store_approved
from meetings.models import Session

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows


def _counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def _stored_minutas():
    result = {}
    for document in MinutaDocument.objects.all():
        with document.file.open("rb") as fh:
            result[document.pk] = (document.sha256, hashlib.sha256(fh.read()).hexdigest())
    return result


@pytest.fixture
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield tmp_path / "media"


@pytest.fixture
def backed_up_demo(media, demo, tmp_path):
    approved = Session.objects.filter(minuta_status=Session.MinutaStatus.APPROVED)
    assert approved.exists()
    for session in approved:
        minuta_store_approved(session_id=session.pk)
    out = io.StringIO()
    call_command("backup", output_dir=str(tmp_path / "backups"), stdout=out)
    return Path(out.getvalue().strip())


def test_it_restores_every_row_and_every_stored_minuta_after_a_wipe(backed_up_demo, media):
    before_counts, before_minutas = _counts(), _stored_minutas()
    assert before_minutas and all(stored == actual for stored, actual in before_minutas.values())
    manifest = json.loads((backed_up_demo / "manifest.json").read_text())
    assert manifest["tables"]["documents_minutadocument"] == len(before_minutas)
    assert len(manifest["media"]) >= len(before_minutas)

    call_command("flush", interactive=False)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert MinutaDocument.objects.count() == 0 and not any(media.rglob("*"))

    out = io.StringIO()
    call_command("restore", str(backed_up_demo), interactive=False, stdout=out)
    assert "every count and SHA-256 matches" in out.getvalue()
    assert _counts() == before_counts
    after = _stored_minutas()
    assert after == before_minutas
    assert all(stored == actual for stored, actual in after.values())


def test_it_refuses_an_altered_backup_and_changes_nothing(backed_up_demo, media):
    before = _counts()
    archive = backed_up_demo / "media.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    call_command("flush", interactive=False)
    with pytest.raises(CommandError, match="does not match the SHA-256"):
        call_command("restore", str(backed_up_demo), interactive=False)
    assert _counts() != before and MinutaDocument.objects.count() == 0  # still the flushed state


def test_it_reports_a_file_that_differs_after_restore(backed_up_demo, media):
    # A manifest naming a hash that the archive's file does not have: restore says which file.
    manifest_path = backed_up_demo / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    name = next(iter(manifest["media"]))
    manifest["media"][name]["sha256"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    err = io.StringIO()
    with pytest.raises(CommandError, match="differs from the backup"):
        call_command("restore", str(backed_up_demo), interactive=False, stderr=err)
    assert f"media/{name}: missing or different" in err.getvalue()
