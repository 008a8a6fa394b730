"""Is a draft minuta ready for review? Errors where the minuta would be wrong (refused), warnings
for what is usually missing by mistake (the secretariat may accept them and send it anyway).

A selector over rows the editor has already fetched (no queries of its own), and the service that
sends to review only when the check allows it."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.selectors import with_parts

from .models import AgendaItem, Session
from .services import minuta_submit


@dataclass
class Completeness:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # How many errors and warnings each editor section has ("header", "participants",
    # "narrative", "acuerdos"): the editor's section index shows them (workspace.selectors).
    by_section: dict[str, dict[str, int]] = field(default_factory=dict)

    def error(self, section: str, message: str) -> None:
        self.errors.append(message)
        self._count(section, "errors")

    def warning(self, section: str, message: str) -> None:
        self.warnings.append(message)
        self._count(section, "warnings")

    def _count(self, section, kind):
        counts = self.by_section.setdefault(section, {"errors": 0, "warnings": 0})
        counts[kind] += 1


class UnacceptedWarnings(ValidationError):
    """The minuta has warnings the user has not accepted yet."""


def minuta_completeness(*, session: Session, attendances, items, acuerdos) -> Completeness:
    """`acuerdos` with their responsibilities prefetched (agreements.selectors.with_parts)."""
    check = Completeness()
    if session.status == Session.Status.CANCELLED:
        check.error("header", _("The session is marked cancelled: a cancelled session has no "
                                "minuta."))
    elif session.status == Session.Status.PLANNED:
        check.warning("header", _("The session is still marked planned: mark it held in the "
                                  "header."))
    if session.modality == Session.Modality.IN_PERSON and not session.place.strip():
        check.warning("header", _("No place: the header says where the session was held."))
    elif session.modality == Session.Modality.VIRTUAL and not (session.video_url or session.place):
        check.warning("header", _("No video link or place in the header."))
    elif session.modality == Session.Modality.HYBRID and not (session.place and session.video_url):
        check.warning("header", _("A hybrid session needs both a place and a video link."))
    if not any(a.present for a in attendances):
        check.warning("participants", _("No participants: the minuta lists nobody."))
    for item in items:
        if not item.narrative.strip():
            check.warning("narrative", _("Agenda item “%(item)s” has no narrative.")
                          % {"item": item.activity})
    for acuerdo in acuerdos:
        parts = list(acuerdo.responsibilities.all())
        if not acuerdo.all_institutions and not any(p.role == "responsable" for p in parts):
            check.error("acuerdos", _("Acuerdo %(number)s has no responsible institution: nobody "
                                      "would answer for it.") % {"number": acuerdo.number})
        if acuerdo.due_date is None:
            check.warning("acuerdos", _("Acuerdo %(number)s has no due date.")
                          % {"number": acuerdo.number})
    return check


def completeness_of(session: Session) -> Completeness:
    return minuta_completeness(
        session=session, attendances=list(session.attendances.all()),
        items=list(AgendaItem.objects.filter(session=session).order_by("order")),
        acuerdos=list(with_parts(session.acuerdos.all()).order_by("sequence")))


@transaction.atomic
def minuta_send_to_review(*, session: Session, user, accept_warnings: bool) -> Session:
    """"Enviar a revisión" after the completeness check: errors refuse, warnings need the
    user's explicit acceptance."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    check = completeness_of(session)
    if check.errors:
        raise ValidationError(check.errors)
    if check.warnings and not accept_warnings:
        raise UnacceptedWarnings(check.warnings)
    return minuta_submit(session=session, user=user)
