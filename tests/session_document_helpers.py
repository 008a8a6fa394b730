"""A small but real .pptx (an Office Open XML zip with a ppt/ part) for session documents."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Override PartName="/ppt/presentation.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'
    '</Types>')


def pptx_bytes() -> bytes:
    buffer = io.BytesIO()
    # Fixed timestamps: the same bytes on every call, so tests compare what was stored.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("[Content_Types].xml", CONTENT_TYPES),
                           ("ppt/presentation.xml",
                            '<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.'
                            'openxmlformats.org/presentationml/2006/main"/>')):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2025, 6, 3, 12, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def pptx(name="presentacion-plan-2025.pptx"):
    return SimpleUploadedFile(name, pptx_bytes())
