"""Stored files (approved minutas, evidence) are served only when their bytes still hash to the
SHA-256 recorded when they were stored. A file altered on disk, or missing (a database restored
without its media), is refused, logged and written to the audit log, never served."""

import hashlib
import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from audit.services import Action, audit_record
from followup.models import Evidence
from tracker.private_files import private_file_response

from .models import MinutaDocument

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024


class StoredFileError(Exception):
    status = 409
    message = ""

    def __init__(self, obj):
        super().__init__(f"{self.kind}: {obj}")
        self.obj = obj


class StoredFileMissing(StoredFileError):
    kind = "missing"
    status = 404
    message = _("The stored file is not on the server (it may not have been restored with the "
                "database). The administrators have been notified.")


class StoredFileAltered(StoredFileError):
    kind = "altered"
    status = 409
    message = _("The stored file no longer matches the fingerprint (SHA-256) recorded when it was "
                "stored, so it is not served. The administrators have been notified.")


def _hash(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def upload_sha256(upload) -> str:
    """The hash of an upload about to be stored (read in chunks, rewound)."""
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def stored_sha256(fieldfile) -> str:
    """The hash of the stored bytes; FileNotFoundError when the file is gone."""
    if not fieldfile.name or not fieldfile.storage.exists(fieldfile.name):
        raise FileNotFoundError(fieldfile.name)
    with fieldfile.storage.open(fieldfile.name, "rb") as handle:
        return _hash(handle)


def _refuse(exc: StoredFileError, *, expected: str, found: str = "", actor=None, request=None):
    obj = exc.obj
    logger.error("Stored file %s of %s #%s (%s): expected sha256 %s, found %s", exc.kind,
                 obj._meta.label, obj.pk, obj.file.name, expected, found or "-")
    audit_record(action=Action.INTEGRITY_FAILED, actor=actor, obj=obj, request=request,
                 detail=f"{exc.kind}: {obj.file.name}",
                 changes={"sha256": [expected, found or None]})
    raise exc


def open_verified(obj, *, actor=None, request=None):
    """Open obj.file for reading after checking it against obj.sha256 (when one is recorded)."""
    try:
        found = stored_sha256(obj.file)
    except (FileNotFoundError, OSError):
        _refuse(StoredFileMissing(obj), expected=obj.sha256, actor=actor, request=request)
    if obj.sha256 and found != obj.sha256:
        _refuse(StoredFileAltered(obj), expected=obj.sha256, found=found, actor=actor,
                request=request)
    return obj.file.storage.open(obj.file.name, "rb")


def verified_file_response(obj, *, actor=None, request=None, **kwargs):
    """The response that serves obj.file (tracker.private_files: by Django or by the proxy), once
    the file is checked against obj.sha256: an altered or missing file is never served."""
    open_verified(obj, actor=actor, request=request).close()
    return private_file_response(obj.file, **kwargs)


@dataclass
class VerifyResult:
    checked: int = 0
    recorded: int = 0  # evidence without a hash yet: its hash is recorded now
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def stored_files_verify() -> VerifyResult:
    """Check every stored minuta file and every evidence file; each problem is logged and written
    to the audit log, and a summary row says what was checked (the nightly job's report)."""
    result = VerifyResult()
    for model in (MinutaDocument, Evidence):
        for obj in model.objects.order_by("pk").iterator(chunk_size=500):
            result.checked += 1
            try:
                if not obj.sha256 and model is Evidence:
                    obj.sha256 = stored_sha256(obj.file)
                    Evidence.objects.filter(pk=obj.pk, sha256="").update(sha256=obj.sha256)
                    result.recorded += 1
                    continue
                open_verified(obj).close()
            except StoredFileError as exc:
                result.problems.append(f"{obj._meta.verbose_name} #{obj.pk} {exc.kind}: "
                                       f"{obj.file.name}")
            except FileNotFoundError:
                result.problems.append(f"{obj._meta.verbose_name} #{obj.pk} missing: "
                                       f"{obj.file.name}")
                audit_record(action=Action.INTEGRITY_FAILED, obj=obj,
                             detail=f"missing: {obj.file.name}")
    audit_record(action=Action.INTEGRITY_CHECKED,
                 detail=f"{result.checked} checked, {result.recorded} recorded, "
                        f"{len(result.problems)} problems" +
                        "".join(f"\n{p}" for p in result.problems))
    logger.log(logging.ERROR if result.problems else logging.INFO,
               "verify_documents: %s checked, %s problems", result.checked, len(result.problems))
    return result
