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
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("ppt/presentation.xml",
                         '<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.'
                         'openxmlformats.org/presentationml/2006/main"/>')
    return buffer.getvalue()


def pptx(name="presentacion-plan-2025.pptx"):
    return SimpleUploadedFile(name, pptx_bytes())
