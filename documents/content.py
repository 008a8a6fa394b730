"""What a minuta says, as plain data: the one source for the PDF template and the DOCX writer, so
both print the same content."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from agreements.models import Responsibility
from meetings.models import Session
from meetings.naming import of_the
from meetings.states import State

from .print_photos import print_copy
from .spanish import date_in_words, due_date_in_words, time_slot

ALL_INSTITUTIONS = "Todas las instituciones"
NO_PHOTOS = "Sin evidencia fotográfica."
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """Narrative paragraphs are separated by a blank line; single newlines stay inside."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text or "") if p.strip()]


class Legend(str):
    """A withheld part's legend in a versión pública ("Información reservada con fundamento en …
    hasta …"): printed where the part was, styled as a legend."""

    is_legend = True


@dataclass
class Row:
    cells: list[str]


@dataclass
class AcuerdoRow:
    number: str
    text: str
    responsable: str
    coadyuvantes: str
    due: str
    cancelled: bool


@dataclass
class Section:
    title: str
    paragraphs: list[str]


@dataclass
class Photo:
    path: str
    caption: str
    id: int = 0

    @property
    def url(self) -> str:
        return Path(self.path).as_uri()


@dataclass
class Annex:
    title: str
    file_name: str


@dataclass
class Signer:
    name: str
    cargo: str


@dataclass
class MinutaContent:
    group: str
    group_name: str
    group_of_the: str  # "del Grupo de Trabajo…", "de la Mesa…" (meetings.naming.of_the)
    session_code: str
    title: str
    convening_unit: str
    drafting_unit: str
    subject: str
    date: str
    objective: str
    time: str
    convoca: str
    number: str
    place_lines: list[str]
    video_url: str
    agenda_layout: str = "two_columns"
    participants: list[Row] = field(default_factory=list)
    agenda: list[Row] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    acuerdos: list[AcuerdoRow] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    # The session's documents (presentations, annexes): "Anexos", printed only when there are.
    annexes: list[Annex] = field(default_factory=list)
    drafted_by: Signer | None = None
    approved_by: Signer | None = None
    draft: bool = True
    revision: int = 1
    created: str = ""
    quorum: str = ""  # printed under the participants when the group asks (convocatorias app)
    # The versión pública (publication app): reserved parts replaced by their legend, no
    # meeting ID, passcode or video link.
    public: bool = False
    withheld_photos: list[str] = field(default_factory=list)

    @property
    def agenda_in_two_columns(self) -> bool:
        """The reference's layout: the presenters inside the activity ("Bienvenida A cargo de…")."""
        return self.agenda_layout != "three_columns"

    @property
    def photo_rows(self) -> list[list[Photo]]:
        """The photos two by two, as the PDF prints them."""
        return [self.photos[i:i + 2] for i in range(0, len(self.photos), 2)]

    @property
    def document_title(self) -> str:
        return f"Minuta {self.session_code} {self.group}: {self.title}"


def _place_lines(session: Session, *, public: bool = False) -> list[str]:
    lines = []
    if session.modality in (Session.Modality.IN_PERSON, Session.Modality.HYBRID):
        state = State(session.state).label if session.state else ""
        lines.append(", ".join(p for p in (session.place, state) if p) or "Presencial")
    if session.modality in (Session.Modality.VIRTUAL, Session.Modality.HYBRID):
        lines.append("Virtual" if session.modality == Session.Modality.VIRTUAL else "y virtual")
        if public:  # how to join is never published
            return lines
        if session.video_details:
            lines.append(session.video_details)
        if session.meeting_id:
            lines.append(f"ID de reunión: {session.meeting_id}")
        if session.passcode:
            lines.append(f"Código de acceso: {session.passcode}")
    return lines


def _signer(person) -> Signer | None:
    return Signer(person.name, person.cargo) if person else None


def minuta_content(session: Session, *, marks=None) -> MinutaContent:
    """Build the content from a session loaded with `selectors.minuta_session` (no queries).
    With `marks` (publication.selectors.Marks) it is the versión pública: each withheld
    paragraph, acuerdo and photo replaced by its legend, the ways to join the meeting left out."""
    group = session.group
    public = marks is not None
    convoca = session.convoca or group.convening_institution
    video_url = session.video_url if re.match(r"^https?://", session.video_url or "") else ""
    if public:
        video_url = ""
    content = MinutaContent(
        group=group.acronym,
        group_name=group.name,
        group_of_the=of_the(group.name),
        session_code=session.code,
        title=session.title,
        convening_unit=group.convening_unit,
        drafting_unit=group.drafting_unit,
        subject=session.subject or session.title,
        date=date_in_words(session.date, style=group.date_style),
        agenda_layout=group.agenda_layout,
        objective=session.objective,
        time=f"{session.start_time:%H:%M}",
        convoca=convoca.acronym if convoca else "",
        number=f"{session.number:02d}",
        place_lines=_place_lines(session, public=public),
        video_url=video_url,
        drafted_by=_signer(session.drafted_by),
        approved_by=_signer(session.approved_by),
        draft=session.minuta_status != Session.MinutaStatus.APPROVED,
        revision=session.revision,
        public=public,
    )
    content.participants = [
        Row([a.name, a.cargo, a.institution.acronym])
        for a in session.attendances.all()
        if a.present
    ]
    for item in session.agenda_items.all():
        presenters = [p.label for p in item.presenters.all()]
        content.agenda.append(
            Row([time_slot(item.start_time, item.end_time), item.activity, "\n".join(presenters)])
        )
        texts = paragraphs(item.narrative)
        if public:
            texts = [Legend(marks.paragraphs[(item.pk, i)]) if (item.pk, i) in marks.paragraphs
                     else text for i, text in enumerate(texts)]
        content.sections.append(Section(item.activity, texts))
    for acuerdo in session.acuerdos.all():
        parts = list(acuerdo.responsibilities.all())
        responsables = [
            p.institution.acronym for p in parts if p.role == Responsibility.Role.RESPONSABLE
        ]
        coadyuvantes = [
            p.institution.acronym for p in parts if p.role == Responsibility.Role.COADYUVANTE
        ]
        if public and acuerdo.pk in marks.acuerdos:
            content.acuerdos.append(AcuerdoRow(
                number=acuerdo.number, text=Legend(marks.acuerdos[acuerdo.pk]), responsable="",
                coadyuvantes="", due="", cancelled=False,
            ))
            continue
        content.acuerdos.append(
            AcuerdoRow(
                number=acuerdo.number,
                text=acuerdo.text,
                responsable=ALL_INSTITUTIONS if acuerdo.all_institutions else ", ".join(responsables),
                coadyuvantes=", ".join(coadyuvantes),
                due=due_date_in_words(acuerdo.due_date, session.date, style=group.date_style),
                cancelled=acuerdo.cancelled_at is not None,
            )
        )
    photos = [photo for photo in session.photos.all() if photo.image]
    if public:
        content.withheld_photos = [marks.photos[p.pk] for p in photos if p.pk in marks.photos]
        photos = [p for p in photos if p.pk not in marks.photos]
    content.photos = [
        Photo(photo.print_image.path if photo.print_image else print_copy(photo.image.path),
              photo.caption, photo.pk)
        for photo in photos
    ]
    content.annexes = [Annex(d.title or d.original_name, d.original_name)
                       for d in session.attachments.all()]
    return content
