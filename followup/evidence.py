"""Checks on evidence files: allowed kinds by content (magic bytes), not by the name the browser
sent, and a size limit. Errors are ValidationErrors with a message for the user."""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc, .xls, .ppt)


@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: tuple[str, ...]


PDF = Kind("application/pdf", (".pdf",))
PNG = Kind("image/png", (".png",))
JPEG = Kind("image/jpeg", (".jpg", ".jpeg"))
GIF = Kind("image/gif", (".gif",))
WEBP = Kind("image/webp", (".webp",))
DOC = Kind("application/msword", (".doc",))
XLS = Kind("application/vnd.ms-excel", (".xls",))
PPT = Kind("application/vnd.ms-powerpoint", (".ppt",))
OOXML = {
    "word/": Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
    ),
    "xl/": Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "ppt/": Kind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",)
    ),
}
ODF = {
    b"application/vnd.oasis.opendocument.text": Kind(
        "application/vnd.oasis.opendocument.text", (".odt",)),
    b"application/vnd.oasis.opendocument.spreadsheet": Kind(
        "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
    b"application/vnd.oasis.opendocument.presentation": Kind(
        "application/vnd.oasis.opendocument.presentation", (".odp",)),
}
ALLOWED_EXTENSIONS = sorted(
    {e for k in (PDF, PNG, JPEG, GIF, WEBP, DOC, XLS, PPT, *OOXML.values(), *ODF.values())
     for e in k.extensions}
)


def _sniff(upload) -> Kind | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(OLE2):
        # The container does not say which program wrote it: trust the extension among the three.
        ext = PurePath(upload.name or "").suffix.lower()
        return {".doc": DOC, ".xls": XLS, ".ppt": PPT}.get(ext)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    return ODF.get(archive.read("mimetype").strip())
                if "[Content_Types].xml" in names:
                    for prefix, kind in OOXML.items():
                        if any(n.startswith(prefix) for n in names):
                            return kind
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        finally:
            upload.seek(0)
    return None


def check_evidence(upload) -> str:
    """Validate one uploaded file; return its content type."""
    name = upload.name or ""
    limit = settings.FOLLOWUP_EVIDENCE_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    kind = _sniff(upload)
    ext = PurePath(name).suffix.lower()
    if kind is None or ext not in kind.extensions:
        raise ValidationError(
            _("“%(name)s” is not an accepted file. Attach PDF, images (PNG, JPEG, GIF, WebP) or "
              "Office documents (%(extensions)s), with the extension that matches their content.")
            % {"name": name, "extensions": ", ".join(ALLOWED_EXTENSIONS)}
        )
    return kind.content_type


def check_evidence_files(files) -> list[tuple[object, str]]:
    files = list(files or [])
    limit = settings.FOLLOWUP_EVIDENCE_MAX_FILES
    if len(files) > limit:
        raise ValidationError(_("Attach at most %(limit)d files.") % {"limit": limit})
    errors, checked = [], []
    for upload in files:
        try:
            checked.append((upload, check_evidence(upload)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"files": errors})
    return checked
