"""Reads of the public site: THE rule of what is public lives in `public_sessions` and
`withheld_q`; every public page, file, export and feed starts from them."""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from agreements.models import Acuerdo
from meetings.models import Session, WorkingGroup

from .models import (
    AcuerdoPublication, PublicMinutaDocument, Reservation, ReservedParagraph, ReservedPhoto,
    SessionPublication,
)

Status = Reservation.Status


def withheld_q(day: datetime.date, prefix: str = "") -> Q:
    """Marks that withhold on `day`: confidential, or reserved until `day` or later (a
    reservation whose end date has passed is public)."""
    return Q(**{f"{prefix}status": Status.CONFIDENTIAL}) | (
        Q(**{f"{prefix}status": Status.RESERVED})
        & (Q(**{f"{prefix}reserved_until__isnull": True})
           | Q(**{f"{prefix}reserved_until__gte": day}))
    )


def public_groups() -> QuerySet[WorkingGroup]:
    """Groups whose secretariat opted in."""
    return WorkingGroup.objects.filter(publication__publishes=True)


def public_sessions(day: datetime.date) -> QuerySet[Session]:
    """Held sessions of publishing groups whose minuta is approved (a minuta being corrected is
    back in draft and is withdrawn until approved again) and that are not withheld themselves."""
    withheld = SessionPublication.objects.filter(withheld_q(day), session=OuterRef("pk"))
    return Session.objects.filter(
        group__publication__publishes=True,
        status=Session.Status.HELD,
        minuta_status=Session.MinutaStatus.APPROVED,
    ).exclude(Exists(withheld))


def public_acuerdos(day: datetime.date) -> QuerySet[Acuerdo]:
    """Every adopted acuerdo of a public session; the withheld ones are listed by number with
    their legend only (see `acuerdo_marks`)."""
    return Acuerdo.objects.adopted().filter(session__in=public_sessions(day).values("pk"))


@dataclass
class Marks:
    """What a versión pública withholds: {key: legend}."""

    paragraphs: dict = field(default_factory=dict)  # (agenda item id, index) -> legend
    acuerdos: dict = field(default_factory=dict)  # acuerdo id -> legend
    photos: dict = field(default_factory=dict)  # photo id -> legend

    @property
    def fingerprint(self) -> str:
        """Stable digest of what is withheld (and why): names the stored PDF variant."""
        parts = sorted(
            [f"p{k[0]}:{k[1]}={v}" for k, v in self.paragraphs.items()]
            + [f"a{k}={v}" for k, v in self.acuerdos.items()]
            + [f"f{k}={v}" for k, v in self.photos.items()]
        )
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def acuerdo_marks(acuerdo_ids, day: datetime.date) -> dict:
    """{acuerdo id: legend} of the withheld ones among `acuerdo_ids` (one query)."""
    return {
        p.acuerdo_id: p.legend()
        for p in AcuerdoPublication.objects.filter(withheld_q(day), acuerdo_id__in=acuerdo_ids)
    }


def session_marks(session: Session, day: datetime.date) -> Marks:
    """What the session's versión pública withholds on `day` (3 queries)."""
    return Marks(
        paragraphs={
            (p.item_id, p.index): p.legend()
            for p in ReservedParagraph.objects.filter(withheld_q(day), item__session=session)
        },
        acuerdos=acuerdo_marks(
            Acuerdo.objects.filter(session=session).values("pk"), day
        ),
        photos={
            r.photo_id: r.legend()
            for r in ReservedPhoto.objects.filter(withheld_q(day), photo__session=session)
        },
    )


def public_session_list(day: datetime.date, *, group=None) -> QuerySet[Session]:
    qs = public_sessions(day).select_related("group").annotate(
        acuerdo_count=Count("acuerdos", filter=Q(acuerdos__session__status=Session.Status.HELD)),
    ).order_by("-date", "-number")
    if group is not None:
        qs = qs.filter(group=group)
    return qs


def public_figures(day: datetime.date, *, group=None) -> dict:
    """Sessions held, acuerdos adopted and fulfilled among the public data (2 queries); counts
    include withheld acuerdos (a number is not reserved information, its content is)."""
    sessions = public_sessions(day)
    acuerdos = public_acuerdos(day)
    if group is not None:
        sessions, acuerdos = sessions.filter(group=group), acuerdos.filter(group=group)
    counts = {r["status_value"]: r["n"] for r in acuerdos.count_by_status(day)}
    held = sessions.count()
    adopted = sum(n for status, n in counts.items() if status != Acuerdo.Status.CANCELLED)
    fulfilled = counts.get(Acuerdo.Status.FULFILLED, 0)
    return {
        "sessions": held,
        "acuerdos": adopted,
        "fulfilled": fulfilled,
        "compliance": round(100 * fulfilled / adopted, 1) if adopted else None,
    }


def public_document(session: Session, marks: Marks):
    return PublicMinutaDocument.objects.filter(
        session=session, revision=session.revision, variant=marks.fingerprint
    ).first()
