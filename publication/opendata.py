"""Open data of the public site: the published acuerdos and sessions as rows with a stable schema
(docs/transparency.md lists every field; add fields at the end, never rename or remove one)."""

import csv
import datetime
import io
import json

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import HttpResponse

from agreements.models import Acuerdo, Responsibility
from documents.content import ALL_INSTITUTIONS

from .models import Reservation
from .selectors import public_acuerdos, public_sessions

SCHEMA_VERSION = "1"
ACUERDO_FIELDS = [
    "numero", "grupo", "sesion", "fecha_sesion", "acuerdo", "responsables", "coadyuvantes",
    "fecha_cumplimiento", "estado", "estado_publicacion", "fundamento", "reservado_hasta",
    "url_sesion", "leyenda",
]
SESSION_FIELDS = [
    "grupo", "sesion", "numero", "tipo", "titulo", "fecha", "modalidad", "lugar",
    "acuerdos", "url", "url_pdf",
]
# The public names of Acuerdo.Status (Spanish, as the law's formats write them).
STATUS_WORDS = {
    Acuerdo.Status.PENDING: "pendiente", Acuerdo.Status.IN_PROGRESS: "en proceso",
    Acuerdo.Status.OVERDUE: "vencido", Acuerdo.Status.FULFILLED: "cumplido",
    Acuerdo.Status.CANCELLED: "sin efecto",
}
PUBLICATION_WORDS = {
    Reservation.Status.PUBLIC: "público", Reservation.Status.RESERVED: "reservado",
    Reservation.Status.CONFIDENTIAL: "confidencial",
}


def _url(path: str) -> str:
    return settings.SITE_URL + path


def acuerdo_rows(day: datetime.date) -> list[dict]:
    """Every acuerdo of a public session (4 queries). A withheld one keeps its number, session
    and publication status; its text, responsables, dates and status are left empty."""
    acuerdos = (
        public_acuerdos(day)
        .select_related("session", "group", "publication")
        .prefetch_related(Prefetch(
            "responsibilities",
            queryset=Responsibility.objects.select_related("institution").order_by(
                "institution__acronym")))
        .order_by("group__acronym", "session__date", "session_id", "sequence")
    )
    rows = []
    for a in acuerdos:
        mark = getattr(a, "publication", None)
        withheld = mark is not None and mark.withheld_on(day)
        parts = list(a.responsibilities.all())
        session = a.session
        row = {
            "numero": a.number, "grupo": a.group.acronym, "sesion": session.code,
            "fecha_sesion": session.date.isoformat(),
            "acuerdo": None, "responsables": None, "coadyuvantes": None,
            "fecha_cumplimiento": None, "estado": None,
            "estado_publicacion": PUBLICATION_WORDS[mark.status if withheld else "public"],
            "fundamento": (mark.legal_basis or None) if withheld else None,
            "reservado_hasta": (mark.reserved_until.isoformat()
                                if withheld and mark.reserved_until else None),
            "url_sesion": _url(f"/publico/sesiones/{session.pk}/"),
            "leyenda": mark.legend() if withheld else None,
        }
        if not withheld:
            responsables = [p.institution.acronym for p in parts
                            if p.role == Responsibility.Role.RESPONSABLE]
            row.update({
                "acuerdo": a.text,
                "responsables": ALL_INSTITUTIONS if a.all_institutions else ", ".join(responsables),
                "coadyuvantes": ", ".join(p.institution.acronym for p in parts
                                          if p.role == Responsibility.Role.COADYUVANTE),
                "fecha_cumplimiento": a.due_date.isoformat() if a.due_date else None,
                "estado": STATUS_WORDS[a.status_on(day, parts)],
            })
        rows.append(row)
    return rows


def session_rows(day: datetime.date) -> list[dict]:
    """Every public session (1 query)."""
    sessions = (public_sessions(day).select_related("group")
                .annotate(n=Count("acuerdos")).order_by("group__acronym", "date", "number"))
    return [{
        "grupo": s.group.acronym, "sesion": s.code, "numero": s.number, "tipo": s.type,
        "titulo": s.title, "fecha": s.date.isoformat(), "modalidad": s.modality,
        "lugar": s.place, "acuerdos": s.n,
        "url": _url(f"/publico/sesiones/{s.pk}/"), "url_pdf": _url(f"/publico/sesiones/{s.pk}/pdf"),
    } for s in sessions]


def csv_response(fields, rows, filename) -> HttpResponse:
    out = io.StringIO()
    out.write(f"# {settings.PUBLICATION_LICENSE}\r\n")
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else _safe(v)) for k, v in row.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _safe(value):
    """A cell a spreadsheet would run as a formula starts with a quote (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def json_response(kind, fields, rows) -> HttpResponse:
    body = {
        "schema": f"acuerdos-publico/{kind}/v{SCHEMA_VERSION}",
        "license": settings.PUBLICATION_LICENSE,
        "fields": fields,
        "data": [{k: row.get(k) for k in fields} for row in rows],
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False, indent=1),
                        content_type="application/json; charset=utf-8")
