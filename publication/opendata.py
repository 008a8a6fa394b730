"""Open data of the public site: the published acuerdos and sessions as rows with a stable schema
(docs/transparency.md lists every field; add fields at the end, never rename or remove one)."""

import csv
import datetime
import io
import json

from django.conf import settings
from django.db.models import Count
from django.http import HttpResponse

from agreements.models import Acuerdo, Responsibility
from documents.content import ALL_INSTITUTIONS
from tracker.lookups import ids_in

from .models import AcuerdoPublication, Reservation
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


def acuerdo_rows(day: datetime.date, acuerdos=None, window: slice | None = None) -> list[dict]:
    """Every acuerdo of a public session (or of `acuerdos`, public_acuerdos narrowed; `window`:
    one page of them, in this order) in 3 queries: the acuerdos as plain values with their
    status computed in SQL (the same rule as Acuerdo.status_on), their parts' institutions, and
    the marks of those with one. A withheld one keeps its number, session and publication
    status; its text, responsables, dates and status are left empty. No model instances: for
    the 750 acuerdos of a publishing group at scale 1 building them was most of the time of the
    open data (bench/search.py)."""
    acuerdos = public_acuerdos(day) if acuerdos is None else acuerdos
    values = (acuerdos.with_status(day, per_row=window is not None)
              .order_by("group__acronym", "session__date", "session_id", "sequence")
              .values("pk", "number", "text", "due_date", "all_institutions", "status_value",
                      "group__acronym", "session_id", "session__number", "session__type",
                      "session__date"))
    rows_in = list(values[window] if window is not None else values)
    ids = [a["pk"] for a in rows_in]
    parts: dict[int, dict[str, list[str]]] = {}
    for acuerdo_id, role, acronym in (
            Responsibility.objects.filter(ids_in("acuerdo_id", ids)).order_by("institution__acronym")
            .values_list("acuerdo_id", "role", "institution__acronym")):
        parts.setdefault(acuerdo_id, {}).setdefault(role, []).append(acronym)
    marks = {m.acuerdo_id: m for m in AcuerdoPublication.objects.filter(ids_in("acuerdo_id", ids))}
    rows = []
    for a in rows_in:
        mark = marks.get(a["pk"])
        withheld = mark is not None and mark.withheld_on(day)
        url = _url(f"/publico/sesiones/{a['session_id']}/")
        row = {
            "numero": a["number"], "grupo": a["group__acronym"],
            "sesion": f"{a['session__number']}/{a['session__type']}",
            "fecha_sesion": a["session__date"].isoformat(),
            "acuerdo": None, "responsables": None, "coadyuvantes": None,
            "fecha_cumplimiento": None, "estado": None,
            "estado_publicacion": PUBLICATION_WORDS[mark.status if withheld else "public"],
            "fundamento": (mark.legal_basis or None) if withheld else None,
            "reservado_hasta": (mark.reserved_until.isoformat()
                                if withheld and mark.reserved_until else None),
            "url_sesion": url,
            "leyenda": mark.legend() if withheld else None,
        }
        if not withheld:
            mine = parts.get(a["pk"], {})
            row.update({
                "acuerdo": a["text"],
                "responsables": ALL_INSTITUTIONS if a["all_institutions"] else ", ".join(
                    mine.get(Responsibility.Role.RESPONSABLE, [])),
                "coadyuvantes": ", ".join(mine.get(Responsibility.Role.COADYUVANTE, [])),
                "fecha_cumplimiento": a["due_date"].isoformat() if a["due_date"] else None,
                "estado": STATUS_WORDS[a["status_value"]],
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
