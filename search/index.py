"""Keeping SearchEntry in step with what it mirrors: one entry per searchable row, rewritten on
every save (search.signals) and by `manage.py rebuild_search_index`."""

import unicodedata

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.urls import reverse

from .models import SearchEntry

CONFIG = "acuerdos_es"
K = SearchEntry.Kind


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def _fields_session(session):
    header = [session.title, session.subject, session.objective, session.place,
              session.video_details]
    return dict(group_id=session.group_id, session_id=session.pk, date=session.date,
                title=session.title or str(session), body="\n".join(p for p in header if p),
                path=reverse("workspace:session", args=[session.pk]))


def _fields_agenda_item(item):
    session = item.session
    return dict(group_id=session.group_id, session_id=session.pk, date=session.date,
                title=item.activity[:400], body=item.narrative,
                path=reverse("workspace:session", args=[session.pk]) + f"#item-{item.pk}")


def _fields_acuerdo(acuerdo):
    names = [f"{p.institution.acronym} {p.institution.name}"
             for p in acuerdo.responsibilities.select_related("institution")]
    return dict(group_id=acuerdo.group_id, session_id=acuerdo.session_id,
                date=acuerdo.session.date, title=acuerdo.number,
                body=acuerdo.text + "\n" + " · ".join(names),
                path=reverse("followup:acuerdo", args=[acuerdo.pk]))


def _fields_report(report):
    part = report.responsibility
    acuerdo = part.acuerdo
    return dict(group_id=acuerdo.group_id, session_id=acuerdo.session_id,
                institution_id=part.institution_id, date=report.created_at.date(),
                title=f"{acuerdo.number} · {part.institution.acronym}", body=report.comment,
                path=reverse("followup:acuerdo", args=[acuerdo.pk]))


def _fields_person(person):
    return dict(institution_id=person.institution_id, title=person.name,
                body=f"{person.cargo}\n{person.institution.acronym} {person.institution.name}")


def _fields_institution(institution):
    return dict(institution_id=institution.pk, title=institution.acronym, body=institution.name)


BUILDERS = {
    K.SESSION: _fields_session, K.AGENDA_ITEM: _fields_agenda_item, K.ACUERDO: _fields_acuerdo,
    K.REPORT: _fields_report, K.PERSON: _fields_person, K.INSTITUTION: _fields_institution,
}


def entry_update(kind: str, obj) -> None:
    """Write the entry of `obj` (its row must exist); on PostgreSQL its vector too."""
    fields = {"group_id": None, "session_id": None, "institution_id": None, "date": None,
              "path": "", **BUILDERS[kind](obj)}
    fields["title"] = (fields["title"] or "")[:400]
    fields["folded"] = fold(fields["title"] + "\n" + fields["body"])
    SearchEntry.objects.update_or_create(kind=kind, object_id=obj.pk, defaults=fields)
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(kind=kind, object_id=obj.pk).update(
            vector=SearchVector("title", weight="A", config=CONFIG)
            + SearchVector("body", weight="B", config=CONFIG))


def entry_delete(kind: str, pk) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=pk).delete()


def rebuild(log=lambda *a: None) -> int:
    """Every entry from scratch (after an upgrade, a restore, or a bulk load)."""
    from agreements.models import Acuerdo
    from directory.models import Institution, Person
    from followup.models import ProgressReport
    from meetings.models import AgendaItem, Session

    SearchEntry.objects.all().delete()
    sources = [
        (K.INSTITUTION, Institution.objects.all()),
        (K.PERSON, Person.objects.select_related("institution")),
        (K.SESSION, Session.objects.all()),
        (K.AGENDA_ITEM, AgendaItem.objects.select_related("session")),
        (K.ACUERDO, Acuerdo.objects.select_related("session")),
        (K.REPORT, ProgressReport.objects.select_related(
            "responsibility__acuerdo__session", "responsibility__institution")),
    ]
    total = 0
    for kind, queryset in sources:
        rows = []
        for obj in queryset.iterator(chunk_size=2000):
            fields = {"group_id": None, "session_id": None, "institution_id": None,
                      "date": None, "path": "", **BUILDERS[kind](obj)}
            fields["title"] = (fields["title"] or "")[:400]
            fields["folded"] = fold(fields["title"] + "\n" + fields["body"])
            rows.append(SearchEntry(kind=kind, object_id=obj.pk, **fields))
        SearchEntry.objects.bulk_create(rows, batch_size=2000)
        total += len(rows)
        log(f"{kind}: {len(rows)}")
    if connection.vendor == "postgresql":
        SearchEntry.objects.update(vector=SearchVector("title", weight="A", config=CONFIG)
                                   + SearchVector("body", weight="B", config=CONFIG))
    return total
