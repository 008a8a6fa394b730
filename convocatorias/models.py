"""The convocatoria of a session (when it was sent), the per-group settings around it (reminder,
quorum) and each member institution's attendance confirmation (RSVP)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_REMINDER_DAYS = 2


class GroupConvocatoriaSettings(models.Model):
    """How a group convenes; a group without a row gets the defaults (reminder 2 days before,
    no quorum)."""

    group = models.OneToOneField(
        "meetings.WorkingGroup", models.CASCADE, related_name="convocatoria_settings",
        verbose_name=_("group"),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the session)"), default=DEFAULT_REMINDER_DAYS,
        help_text=_("0: no reminder."),
    )
    quorum_count = models.PositiveSmallIntegerField(
        _("quorum (member institutions)"), null=True, blank=True
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of member institutions)"), null=True, blank=True
    )
    quorum_in_minuta = models.BooleanField(_("print the quorum in the minuta"), default=False)

    class Meta:
        verbose_name = _("convocatoria settings")
        verbose_name_plural = _("convocatoria settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__isnull=True) | Q(quorum_percent__lte=100),
                name="convocatoria_quorum_percent_max_100",
            ),
        ]

    def __str__(self):
        return f"{self.group}: {self.reminder_days} d"


class Convocatoria(models.Model):
    """The convocatoria of one session: sent once by the secretariat; updates follow by
    themselves (notifications.SessionInvitation keeps the calendar identity)."""

    session = models.OneToOneField(
        "meetings.Session", models.CASCADE, related_name="convocatoria", verbose_name=_("session")
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("sent by"),
    )
    prefilled_at = models.DateTimeField(_("participants pre-filled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("convocatoria")
        verbose_name_plural = _("convocatorias")

    def __str__(self):
        return f"{self.session} ({self.sent_at:%Y-%m-%d})"


class Confirmation(models.Model):
    """One member institution's answer to a convocatoria (the latest one counts)."""

    class Answer(models.TextChoices):
        ATTENDS = "attends", _("Will attend")
        DECLINES = "declines", _("Cannot attend")

    session = models.ForeignKey(
        "meetings.Session", models.CASCADE, related_name="confirmations", verbose_name=_("session")
    )
    institution = models.ForeignKey(
        "directory.Institution", models.CASCADE, related_name="+", verbose_name=_("institution")
    )
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance confirmation")
        verbose_name_plural = _("attendance confirmations")
        constraints = [
            models.UniqueConstraint(fields=["session", "institution"],
                                    name="confirmation_one_per_institution"),
        ]

    def __str__(self):
        return f"{self.institution} → {self.session}: {self.answer}"


class ConfirmedAttendee(models.Model):
    class Role(models.TextChoices):
        # the labels of meetings.places.Category, whose values these are (pre-fill copies them)
        TITULAR = "titular", _("Principal (titular)")
        SUPLENTE = "suplente", _("Alternate (suplente)")

    confirmation = models.ForeignKey(
        Confirmation, models.CASCADE, related_name="attendees", verbose_name=_("confirmation")
    )
    person = models.ForeignKey(
        "directory.Person", models.CASCADE, related_name="+", verbose_name=_("person")
    )
    role = models.CharField(_("as"), max_length=10, choices=Role.choices, default=Role.TITULAR)

    class Meta:
        verbose_name = _("confirmed attendee")
        verbose_name_plural = _("confirmed attendees")
        constraints = [
            models.UniqueConstraint(fields=["confirmation", "person"],
                                    name="confirmed_attendee_once"),
        ]

    def __str__(self):
        return f"{self.person} ({self.role})"
