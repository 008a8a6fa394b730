"""Checks on evidence files: allowed kinds by content (magic bytes), not by the name the browser
sent, and a size limit. Errors are ValidationErrors with a message for the user.

Uploads are hostile until checked, so every check reads bounded amounts: an archive (Office Open
XML, OpenDocument) is judged by its central directory first — declared sizes, ratios, number of
entries — and then decompressed in chunks against a budget, never into memory whole. Active
content (PDF JavaScript, Office macros) and polyglots (a file that is also another kind) are
refused, not stored; sites running ClamAV can add a scan (followup/clamav.py, CLAMAV_URL)."""

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import clamav

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc, .xls, .ppt)
CHUNK = 64 * 1024  # every read of an upload or of an archive entry is at most this much


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
ARCHIVE_KINDS = (*OOXML.values(), *ODF.values())
ALLOWED_EXTENSIONS = sorted(
    {e for k in (PDF, PNG, JPEG, GIF, WEBP, DOC, XLS, PPT, *ARCHIVE_KINDS) for e in k.extensions}
)


class Refused(Exception):
    """A file of an accepted kind that is refused anyway; the message says why."""


def _archive_limits() -> tuple[int, int, int]:
    return (settings.FOLLOWUP_ARCHIVE_MAX_UNCOMPRESSED_BYTES, settings.FOLLOWUP_ARCHIVE_MAX_RATIO,
            settings.FOLLOWUP_ARCHIVE_MAX_ENTRIES)


def _too_big() -> Refused:
    max_bytes, max_ratio, max_entries = _archive_limits()
    return Refused(_(
        "it unpacks to more than %(limit)s, more than %(ratio)d times its size or into more than "
        "%(entries)d parts, as compressed bombs do; save it again or send it as PDF"
    ) % {"limit": filesizeformat(max_bytes), "ratio": max_ratio, "entries": max_entries})


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a zip bomb from its directory (declared sizes), then by decompressing every entry
    in chunks within the same budget: a directory that lies about sizes fails its CRC check."""
    max_bytes, max_ratio, max_entries = _archive_limits()
    entries = archive.infolist()
    if len(entries) > max_entries:
        raise _too_big()
    declared = sum(e.file_size for e in entries)
    compressed = sum(e.compress_size for e in entries)
    if declared > max_bytes or declared > max_ratio * max(compressed, CHUNK):
        raise _too_big()
    budget = max_bytes
    for entry in entries:
        if entry.file_size > max_ratio * max(entry.compress_size, CHUNK):
            raise _too_big()
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                budget -= len(chunk)
                if budget < 0:
                    raise _too_big()


def _read_entry(archive: zipfile.ZipFile, name: str, limit: int = CHUNK) -> bytes:
    with archive.open(name) as stream:
        return stream.read(limit)


MACRO_PARTS = re.compile(r"(^|/)vbaProject\.bin$|(^|/)vbaData\.xml$|^(Basic|Scripts)/", re.I)


def _sniff_archive(upload) -> Kind | None:
    with zipfile.ZipFile(upload) as archive:
        _check_archive(archive)  # before anything is decompressed for the sniffing
        names = archive.namelist()
        if "mimetype" in names:
            kind = ODF.get(_read_entry(archive, "mimetype", 200).strip())
        elif "[Content_Types].xml" in names:
            kind = next((k for prefix, k in OOXML.items()
                         if any(n.startswith(prefix) for n in names)), None)
        else:
            return None
        if kind is None:
            return None
        content_types = (_read_entry(archive, "[Content_Types].xml", 1024 * 1024)
                         if "[Content_Types].xml" in names else b"")
        if any(MACRO_PARTS.search(n) for n in names) or b"macroEnabled" in content_types:
            raise Refused(_("it contains macros; save it without macros (.docx, .xlsx, .pptx) "
                            "or as PDF"))
        return kind


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
            return _sniff_archive(upload)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, EOFError,
                NotImplementedError, ValueError, RuntimeError):
            # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression.
            return None
        finally:
            upload.seek(0)
    return None


def _chunks(upload, overlap: int = 64):
    """The upload in CHUNK pieces, each starting with the last `overlap` bytes of the one before,
    so a pattern that straddles two reads is still seen."""
    upload.seek(0)
    tail = b""
    while block := upload.read(CHUNK):
        yield tail + block
        tail = block[-overlap:]
    upload.seek(0)


# A PDF name with its #xx escapes (/J#53 is /JS): decoded before comparing.
PDF_NAME = re.compile(rb"/([A-Za-z0-9#]{2,20})")
PDF_ACTIVE_NAMES = {b"JS", b"JavaScript", b"Launch", b"RichMedia", b"XFA"}
UTF16_VBA = "_VBA_PROJECT".encode("utf-16-le")
UTF16_MACROS = "Macros".encode("utf-16-le")


def _pdf_name(raw: bytes) -> bytes:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)


STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")


def _active_names(segment: bytes) -> bool:
    return any(_pdf_name(m.group(1)) in PDF_ACTIVE_NAMES for m in PDF_NAME.finditer(segment))


def _inflate(body: bytes, budget: int) -> bytes:
    """A FlateDecode stream, decompressed to at most `budget` bytes (a bomb stops there)."""
    try:
        return zlib.decompressobj().decompress(body, budget)
    except zlib.error:
        return b""


def _pdf_has_active_content(data: bytes) -> bool:
    """Names in the PDF's dictionaries — not inside stream bodies, where compressed bytes would
    match by chance — plus those in compressed object streams (/ObjStm), where PDF 1.5 files
    keep most dictionaries, inflated within the archive budget. The file is at most
    FOLLOWUP_EVIDENCE_MAX_BYTES, so holding it is bounded."""
    budget = settings.FOLLOWUP_ARCHIVE_MAX_UNCOMPRESSED_BYTES
    position = 0
    while (start := STREAM_START.search(data, position)) is not None:
        before = data[position:start.start()]
        if _active_names(before):
            return True
        end = data.find(b"endstream", start.end())
        end = len(data) if end < 0 else end
        head = before[before.rfind(b"obj"):]  # this stream's dictionary
        if b"/ObjStm" in head and b"/FlateDecode" in head and budget > 0:
            inflated = _inflate(data[start.end():end], budget)
            budget -= len(inflated)
            if _active_names(inflated):
                return True
        position = end + len(b"endstream")
    return _active_names(data[position:])


def _check_active_content(upload, kind: Kind) -> None:
    """Refuse PDFs with scripts or launch actions, legacy Office files with macros and polyglots
    (a file that is also a zip, or a PDF hidden after another format's header)."""
    if kind is PDF:
        upload.seek(0)
        data = upload.read(settings.FOLLOWUP_EVIDENCE_MAX_BYTES + 1)
        upload.seek(0)
        if _pdf_has_active_content(data):
            raise Refused(_("it is a PDF with JavaScript or actions that run programs; "
                            "print it to a new PDF first"))
    if kind in (DOC, XLS, PPT):
        for chunk in _chunks(upload):
            if UTF16_VBA in chunk or UTF16_MACROS in chunk:
                raise Refused(_("it contains macros; save it without macros or as PDF"))
    if kind not in ARCHIVE_KINDS and _is_zip(upload):
        raise Refused(_("it is also a zip archive (a polyglot file)"))
    if kind is not PDF:
        upload.seek(0)
        head = upload.read(1024)
        upload.seek(0)
        if b"%PDF-" in head:  # readers accept a PDF header anywhere in the first KiB
            raise Refused(_("it is also a PDF (a polyglot file)"))


def _is_zip(upload) -> bool:
    """A zip directory at the end that opens and lists a part (an end-of-archive signature alone
    can occur by chance in compressed image data)."""
    upload.seek(0)
    try:
        if not zipfile.is_zipfile(upload):
            return False
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return bool(archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)


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
    try:
        kind = _sniff(upload)
        ext = PurePath(name).suffix.lower()
        if kind is None or ext not in kind.extensions:
            raise ValidationError(
                _("“%(name)s” is not an accepted file. Attach PDF, images (PNG, JPEG, GIF, WebP) "
                  "or Office documents (%(extensions)s), with the extension that matches their "
                  "content.")
                % {"name": name, "extensions": ", ".join(ALLOWED_EXTENSIONS)}
            )
        _check_active_content(upload, kind)
        if reason := clamav.scan(upload):
            raise Refused(reason)
    except Refused as refused:
        raise ValidationError(_("“%(name)s” is refused: %(reason)s.")
                              % {"name": name, "reason": refused}) from None
    finally:
        upload.seek(0)
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
