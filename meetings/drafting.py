"""Writes made while drafting a minuta in the workspace: header, participants, agenda, narrative,
photos. Each refuses a minuta that is not a draft and writes its history row (MinutaEvent)."""

import datetime
import warnings
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from PIL.Image import DecompressionBombWarning

from agreements.models import Acuerdo
from agreements.selectors import followup_acuerdos
from tracker.versions import check_version

from .history import record_event
from .models import AgendaItem, AgendaPresenter, Attendance, Session, SessionPhoto
from .services import agenda_item_add
from .slots import validate_agenda_slot, validate_presenters
from .validators import too_many_pixels_message

# Header fields the editor may change; number, type and group are fixed when the session is planned.
HEADER_FIELDS = (
    "title", "subject", "date", "start_time", "end_time", "modality", "place", "state",
    "video_url", "meeting_id", "passcode", "video_details", "objective", "convoca", "status",
    "venue", "scope", "country", "timezone",
)
# A change of any of these on a planned session updates the invitation (or cancels it).
INVITATION_FIELDS = {
    "date", "start_time", "end_time", "modality", "place", "state", "video_url", "meeting_id",
    "passcode", "venue", "status",
}
PHOTO_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}
PHOTO_MAX_BYTES = 5 * 1024 * 1024  # 5 MB: a phone photo or a screenshot, not a video frame dump


def ensure_minuta_draft(session: Session) -> None:
    """Only a draft changes: in review it waits for the reviewer, approved it is locked."""
    if session.minuta_status == Session.MinutaStatus.APPROVED:
        raise ValidationError(_("The minuta of this session is approved and can no longer change."))
    if session.minuta_status != Session.MinutaStatus.DRAFT:
        raise ValidationError(
            _("The minuta is in review: it changes again when the reviewer returns it.")
        )


def _locked(session: Session) -> Session:
    session = Session.objects.select_for_update().select_related("group").get(pk=session.pk)
    ensure_minuta_draft(session)
    return session


@transaction.atomic
def session_update(*, session: Session, actor=None, **changes) -> Session:
    unknown = set(changes) - set(HEADER_FIELDS)
    if unknown:
        raise ValueError(f"not header fields: {sorted(unknown)}")
    session = _locked(session)
    before = {name: getattr(session, name) for name in changes}
    for name, value in changes.items():
        setattr(session, name, value)
    if session.end_time and session.end_time <= session.start_time:
        raise ValidationError({"end_time": _("The session must end after it starts.")})
    session.full_clean(exclude=["group"], validate_constraints=False)
    changed = [n for n in changes if before[n] != getattr(session, n)]
    if changed:
        session.save(update_fields=changed)
        for name in changed:
            label = str(Session._meta.get_field(name).verbose_name)
            record_event(session, actor=actor, what=label, old=before[name],
                         new=getattr(session, name))
        if set(changed) & INVITATION_FIELDS:
            # invitees' calendars follow: an update (same UID, next SEQUENCE) or a CANCEL; the
            # service compares the time-and-place stamp, so a title-only change sends nothing new
            from .services import _send_invitations

            session_id = session.pk
            transaction.on_commit(lambda: _send_invitations(session_id))
    return session


@transaction.atomic
def attendance_set_present(*, attendance: Attendance, present: bool, actor=None) -> Attendance:
    session = _locked(attendance.session)
    attendance = Attendance.objects.get(pk=attendance.pk, session=session)
    if attendance.present != present:
        attendance.present = present
        attendance.save(update_fields=["present"])
        record_event(session, actor=actor, what=attendance.name,
                     new=_("present") if present else _("absent"))
    return attendance


@transaction.atomic
def attendance_remove(*, attendance: Attendance, actor=None) -> None:
    session = _locked(attendance.session)
    if attendance.presentations.exists():
        raise ValidationError(
            _("%(name)s presents an agenda item: remove them from it first.")
            % {"name": attendance.name}
        )
    attendance.delete()
    record_event(session, actor=actor, what=attendance.name, old=_("participant"),
                 new=_("removed"))


def _swap_orders(model, queryset, obj, direction: str):
    """Swap `obj` with its neighbour in `queryset` (ordered by `order`); returns the neighbour."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."))
    ordered = list(queryset.order_by("order", "id"))
    index = next(i for i, row in enumerate(ordered) if row.pk == obj.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if other_index < 0 or other_index >= len(ordered):
        return None
    this, other = ordered[index], ordered[other_index]
    top = max(row.order for row in ordered) + 1
    a, b = this.order, other.order
    model.objects.filter(pk=this.pk).update(order=top)  # free the slot: order is unique
    model.objects.filter(pk=other.pk).update(order=a)
    model.objects.filter(pk=this.pk).update(order=b)
    return other


@transaction.atomic
def attendance_move(*, attendance: Attendance, direction: str, actor=None) -> None:
    session = _locked(attendance.session)
    _swap_orders(Attendance, session.attendances.all(), attendance, direction)


def _presenter_rows(session, item, presenters):
    validate_presenters(presenters)
    AgendaPresenter.objects.filter(item=item).delete()
    for order, presenter in enumerate(presenters, start=1):
        attendance, text = (presenter, "") if isinstance(presenter, Attendance) else (None, presenter)
        if attendance is not None and attendance.session_id != session.pk:
            raise ValidationError(_("A presenter must be a participant of this session."))
        AgendaPresenter.objects.create(item=item, order=order, attendance=attendance, text=text)


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, start_time, end_time, activity: str,
                       presenters=(), actor=None) -> AgendaItem:
    session = _locked(item.session)
    item = AgendaItem.objects.get(pk=item.pk, session=session)
    if not activity.strip():
        raise ValidationError({"activity": _("Describe the activity.")})
    validate_agenda_slot(session=session, start_time=start_time, end_time=end_time,
                         exclude_pk=item.pk)
    before = str(item)
    item.start_time, item.end_time, item.activity = start_time, end_time, activity.strip()
    item.save(update_fields=["start_time", "end_time", "activity"])
    _presenter_rows(session, item, presenters)
    if str(item) != before:
        record_event(session, actor=actor, what=_("agenda item"), old=before, new=str(item))
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, actor=None) -> None:
    """Swap an item with its neighbour; the pair keeps its span of time, each its own length."""
    session = _locked(item.session)
    item = AgendaItem.objects.get(pk=item.pk, session=session)
    other = _swap_orders(AgendaItem, session.agenda_items.all(), item, direction)
    if other is None:
        return
    first, second = (item, other) if direction == "up" else (other, item)
    first.refresh_from_db()
    second.refresh_from_db()
    start = min(first.start_time, second.start_time)
    day = datetime.date(2000, 1, 1)

    def length(row):
        return datetime.datetime.combine(day, row.end_time) - datetime.datetime.combine(
            day, row.start_time)

    first_end = (datetime.datetime.combine(day, start) + length(first)).time()
    second_end = (datetime.datetime.combine(day, first_end) + length(second)).time()
    # Clear both slots first so the database check (end after start) holds at every step.
    AgendaItem.objects.filter(pk=first.pk).update(start_time=start, end_time=first_end)
    AgendaItem.objects.filter(pk=second.pk).update(start_time=first_end, end_time=second_end)
    record_event(session, actor=actor, what=_("agenda order"), new=first.activity[:80])


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor=None) -> None:
    session = _locked(item.session)
    label = str(item)
    item.delete()
    record_event(session, actor=actor, what=_("agenda item"), old=label, new=_("removed"))


@transaction.atomic
def agenda_narrative_save(*, item: AgendaItem, narrative: str, version: str | None,
                          actor=None) -> AgendaItem:
    """Autosave of the asuntos relevantes. `version` is the token (tracker.versions) of the text
    the editor started from: compared with the stored text under the session's row lock, so of two
    saves made on the same version one wins and the other gets StaleWrite with the newer text —
    never two "saved" and one text lost. Every save that changes the text writes its own history
    row with the whole old and new text, so any earlier version can be recovered (the history
    panel shows them shortened)."""
    session = _locked(item.session)  # every write to the minuta takes this lock first
    item = AgendaItem.objects.get(pk=item.pk, session=session)
    if item.narrative == narrative:
        return item
    check_version("narrative", item.narrative, version)
    old = item.narrative
    item.narrative = narrative
    item.save(update_fields=["narrative"])
    what = _("narrative: %(activity)s") % {"activity": item.activity[:60]}
    record_event(session, actor=actor, what=what, old=old, new=narrative)
    return item


@transaction.atomic
def agenda_followup_add(*, session: Session, day: datetime.date | None = None,
                        actor=None) -> AgendaItem:
    """Add "Seguimiento de acuerdos" after the last agenda item (15 minutes), its narrative listing
    the group's open acuerdos from earlier sessions."""
    session = _locked(session)
    last = session.agenda_items.order_by("-end_time").first()
    start = last.end_time if last else session.start_time
    end = (datetime.datetime.combine(datetime.date(2000, 1, 1), start)
           + datetime.timedelta(minutes=15)).time()
    if end <= start:
        raise ValidationError(_("There is no room left in the day for another agenda item."))
    lines = [
        f"{a.number} — {a.text} ({Acuerdo.Status(a.status_value).label})"
        for a in followup_acuerdos(session=session)
    ]
    return agenda_item_add(session=session, start_time=start, end_time=end,
                           activity=_("Follow-up of acuerdos"), narrative="\n\n".join(lines),
                           actor=actor)


def validate_photo(upload) -> None:
    """JPEG or PNG, checked by the declared type and by reading the file; at most 5 MB and
    MEETINGS_PHOTO_MAX_PIXELS pixels, judged from the header before anything is decoded (a
    379 KiB PNG can declare 20000 × 20000 pixels, 1.6 GB once decoded)."""
    from django.conf import settings
    from PIL import Image, UnidentifiedImageError

    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"image": _(
            "The file is %(size).1f MB; photos may be at most 5 MB.") % {
                "size": upload.size / 1024 / 1024}})
    expected = PHOTO_TYPES.get(getattr(upload, "content_type", ""))
    limit = settings.MEETINGS_PHOTO_MAX_PIXELS
    too_big = False
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our limit decides
            with Image.open(upload) as image:
                found = image.format
                too_big = image.width * image.height > limit
                if not too_big:
                    image.verify()
    except Image.DecompressionBombError:
        found, too_big = expected, True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        found = None
    upload.seek(0)
    if expected is None or found != expected:
        raise ValidationError({"image": _("Only JPEG or PNG images can be uploaded.")})
    if too_big:
        raise ValidationError({"image": too_many_pixels_message(limit)})


@transaction.atomic
def photo_add(*, session: Session, image, caption: str = "", actor=None) -> SessionPhoto:
    """Store the photo and, at once, its copy at printed size: the minuta render then never
    decodes a large original."""
    from PIL import UnidentifiedImageError

    from documents.print_photos import scaled_jpeg

    session = _locked(session)
    validate_photo(image)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DecompressionBombWarning)
            print_data = scaled_jpeg(image)
    except (OSError, UnidentifiedImageError, ValueError):
        raise ValidationError({"image": _("Only JPEG or PNG images can be uploaded.")}) from None
    finally:
        image.seek(0)
    last = session.photos.aggregate(m=Max("order"))["m"] or 0
    photo = SessionPhoto(session=session, image=image, caption=caption.strip(), order=last + 1)
    if print_data:
        photo.print_image.save(f"{PurePath(image.name).stem[:40]}.jpg", ContentFile(print_data),
                               save=False)
    photo.save()
    record_event(session, actor=actor, what=_("photo"), new=photo.caption or photo.image.name)
    return photo


@transaction.atomic
def photo_update(*, photo: SessionPhoto, caption: str, actor=None) -> SessionPhoto:
    session = _locked(photo.session)
    if photo.caption != caption.strip():
        record_event(session, actor=actor, what=_("photo caption"), old=photo.caption,
                     new=caption.strip())
        photo.caption = caption.strip()
        photo.save(update_fields=["caption"])
    return photo


@transaction.atomic
def photo_move(*, photo: SessionPhoto, direction: str, actor=None) -> None:
    session = _locked(photo.session)
    ordered = list(session.photos.order_by("order", "id"))
    index = next(i for i, p in enumerate(ordered) if p.pk == photo.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, row in enumerate(ordered, start=1):
            SessionPhoto.objects.filter(pk=row.pk).update(order=position)


@transaction.atomic
def photo_remove(*, photo: SessionPhoto, actor=None) -> None:
    session = _locked(photo.session)
    record_event(session, actor=actor, what=_("photo"), old=photo.caption or photo.image.name,
                 new=_("removed"))
    photo.image.delete(save=False)
    if photo.print_image:
        photo.print_image.delete(save=False)
    photo.delete()
