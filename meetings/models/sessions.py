from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from directory.models import Institution, Person

from ..places import Category, Country, Scope, Sex
from ..states import State
from ..validators import photo_pixels
from .groups import WorkingGroup


class Session(models.Model):
    """One numbered session of a group, and the state of its minuta."""

    class Type(models.TextChoices):
        ORDINARIA = "SO", _("Ordinary")
        EXTRAORDINARIA = "SE", _("Extraordinary")

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class MinutaStatus(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")

    group = models.ForeignKey(
        WorkingGroup, models.PROTECT, related_name="sessions", verbose_name=_("group")
    )
    # Ordinary and extraordinary sessions are numbered independently (5/SO, 1/SE).
    number = models.PositiveIntegerField(_("number"))
    type = models.CharField(_("type"), max_length=2, choices=Type.choices, default=Type.ORDINARIA)
    title = models.CharField(_("title"), max_length=300)
    subject = models.CharField(_("subject (asunto)"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    modality = models.CharField(
        _("modality"), max_length=10, choices=Modality.choices, default=Modality.VIRTUAL
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    state = models.CharField(
        _("state (entidad federativa)"), max_length=5, choices=State.choices, blank=True
    )
    venue = models.ForeignKey(
        "meetings.Venue", models.PROTECT, null=True, blank=True, related_name="sessions",
        verbose_name=_("venue"),
    )
    scope = models.CharField(_("scope"), max_length=15, choices=Scope.choices,
                             default=Scope.NATIONAL)
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, blank=True,
        help_text=_("For a session held abroad; empty means Mexico."),
    )
    timezone = models.CharField(
        _("time zone"), max_length=60, blank=True,
        help_text=_("IANA name (America/Tijuana) when not Mexico City's."),
    )
    themes = models.ManyToManyField(
        "meetings.Theme", blank=True, related_name="sessions", verbose_name=_("themes"),
    )
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    meeting_id = models.CharField(_("meeting ID"), max_length=60, blank=True)
    passcode = models.CharField(_("passcode"), max_length=60, blank=True)
    video_details = models.TextField(
        _("video call details"), blank=True, help_text=_("Platform, topic, time as invited.")
    )
    objective = models.TextField(_("objective"), blank=True)
    convoca = models.ForeignKey(
        Institution,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="convened_sessions",
        verbose_name=_("convened by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    minuta_status = models.CharField(
        _("minuta status"), max_length=10, choices=MinutaStatus.choices, default=MinutaStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="minutas_drafted",
        verbose_name=_("drafted by (elaboró)"),
    )
    approved_by = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="minutas_approved",
        verbose_name=_("approved by (visto bueno)"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        ordering = ["group", "-date"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "type", "number"], name="session_unique_number_per_type"
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gt=F("start_time")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("drafted_by")),
                name="session_approver_is_not_drafter",
            ),
            models.CheckConstraint(
                condition=~Q(minuta_status="approved")
                | (Q(approved_by__isnull=False) & Q(approved_at__isnull=False)),
                name="session_approved_has_approver",
            ),
        ]
        indexes = [
            # A group's calendar: its sessions by date (group page, upcoming sessions).
            models.Index(fields=["group", "date"], name="session_group_date_idx"),
        ]

    def clean(self):
        from zoneinfo import available_timezones

        from django.core.exceptions import ValidationError

        if self.timezone and self.timezone not in available_timezones():
            raise ValidationError({"timezone": _("Unknown time zone (use a name such as "
                                                 "America/Tijuana).")})

    @property
    def report_state(self) -> str:
        """The state the Informe counts the session in: its own, else its venue's."""
        return self.state or (self.venue.state if self.venue_id else "")

    def __str__(self):
        return f"{self.group} {self.number}/{self.type}"

    @property
    def code(self) -> str:
        return f"{self.number}/{self.type}"

    @property
    def is_locked(self) -> bool:
        return self.minuta_status == self.MinutaStatus.APPROVED

    @property
    def acuerdos_provisional(self) -> bool:
        """Held, but its minuta not yet approved for the first time: its acuerdos exist for the
        institutions and the figures, marked "minuta por aprobar" (numbers may still change). A
        correction after approval (revision > 1) does not make them provisional again: their
        numbers stay as approved (meetings.services.minuta_open_revision)."""
        return (self.status == self.Status.HELD and self.revision == 1
                and self.minuta_status != self.MinutaStatus.APPROVED)


class Attendance(models.Model):
    """A participant of a session, with cargo and institution as they were that day."""

    session = models.ForeignKey(
        Session, models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="attendances", verbose_name=_("person")
    )
    # Snapshots: a minuta must read the same after the person changes jobs.
    name = models.CharField(_("name"), max_length=200)
    cargo = models.CharField(_("position"), max_length=255, blank=True)
    institution = models.ForeignKey(
        Institution, models.PROTECT, related_name="attendances", verbose_name=_("institution")
    )
    present = models.BooleanField(_("present"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # What the Informe counts: in which capacity, for which state, and the sex as that day.
    category = models.CharField(_("attended as"), max_length=15, choices=Category.choices,
                                blank=True)
    state = models.CharField(_("state represented"), max_length=5, choices=State.choices,
                             blank=True)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices,
                           default=Sex.UNSPECIFIED)

    class Meta:
        ordering = ["session", "order", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once_per_session"),
            # One participant per position in the list (services.attendance_add assigns the next
            # one under the session's row lock; reordering swaps through a free slot).
            models.UniqueConstraint(fields=["session", "order"], name="attendance_unique_order"),
        ]

    def __str__(self):
        return f"{self.name} — {self.institution}"


class AgendaItem(models.Model):
    session = models.ForeignKey(
        Session, models.CASCADE, related_name="agenda_items", verbose_name=_("session")
    )
    order = models.PositiveIntegerField(_("order"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    activity = models.TextField(_("activity"))
    narrative = models.TextField(
        _("relevant matters (asuntos relevantes)"),
        blank=True,
        help_text=_("What was discussed. Paragraphs are separated by a blank line."),
    )

    class Meta:
        ordering = ["session", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="agenda_unique_order"),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="agenda_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.start_time:%H:%M}–{self.end_time:%H:%M} {self.activity[:60]}"


class AgendaPresenter(models.Model):
    """"A cargo de": a participant of the session, or free text, or a participant with the
    wording the minuta used for them ("Nathaniel Rodríguez, Coordinador del Centro ...")."""

    item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="presenters", verbose_name=_("agenda item")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    attendance = models.ForeignKey(
        Attendance,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="presentations",
        verbose_name=_("participant"),
    )
    text = models.CharField(_("as written"), max_length=300, blank=True)

    class Meta:
        ordering = ["item", "order", "id"]
        verbose_name = _("presenter")
        verbose_name_plural = _("presenters")
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance__isnull=False) | ~Q(text=""),
                name="presenter_has_person_or_text",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.text:
            return self.text
        return f"{self.attendance.name}, {self.attendance.cargo}".rstrip(", ")


class SessionPhoto(models.Model):
    session = models.ForeignKey(
        Session, models.CASCADE, related_name="photos", verbose_name=_("session")
    )
    image = models.ImageField(_("image"), upload_to="photos/%Y/%m/", validators=[photo_pixels])
    # The copy at printed size, made at upload (documents.print_photos.scaled_jpeg); empty when
    # the photo is already that small, so the minuta embeds the original.
    print_image = models.FileField(_("print copy"), upload_to="photos/print/%Y/%m/", blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["session", "order", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photographic evidence")

    def __str__(self):
        return self.caption or self.image.name
