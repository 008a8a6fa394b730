"""Shared helpers of the follow-up tests: demo personas and evidence files."""

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="evidencia.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def docx(name="informe.docx"):
    import docx as python_docx

    buffer = io.BytesIO()
    document = python_docx.Document()
    document.add_paragraph("Informe de cumplimiento")
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def user(username):
    return get_user_model().objects.get(username=username)
