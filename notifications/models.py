"""What was (or will be) e-mailed to whom and why, one row per message, plus the per-group
reminder policy and per-user preferences. A row is created with its unique key BEFORE the message
is sent and claimed with a conditional UPDATE, so a message goes out at most once per key."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_DAYS_BEFORE = (7, 1)
DEFAULT_ESCALATION_AFTER_DAYS = 14


class Attachment(models.Model):
    """A file attached to one or more notifications (the .ics of a session, the minuta PDF).
    Stored once, by content hash, however many recipients get it."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    filename = models.CharField(_("file name"), max_length=200)
    mimetype = models.CharField(_("MIME type"), max_length=100)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename


class Notification(models.Model):
    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Escalation")
        DIGEST = "digest", _("Weekly digest")
        INVITATION = "invitation", _("Session invitation")
        MINUTA = "minuta", _("Approved minuta")
        DECISION = "decision", _("Report or due date decision")
        # Work plan (workplan.reminders): an actividad near its end date with no progress.
        ACTIVIDAD = "actividad", _("Work plan actividad reminder")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # The unique key: what, for whom, about which object, for which step (or date).
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    recipient_email = models.EmailField(_("recipient e-mail"))
    object_key = models.CharField(_("object"), max_length=60)  # e.g. "responsibility:42"
    step = models.CharField(_("step"), max_length=60)  # e.g. "before-7:2026-03-31"

    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("user"),
    )
    group = models.ForeignKey(
        "meetings.WorkingGroup", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("group"),
    )
    session = models.ForeignKey(
        "meetings.Session", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("session"),
    )
    acuerdo = models.ForeignKey(
        "agreements.Acuerdo", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("acuerdo"),
    )
    reason = models.TextField(_("why"))
    language = models.CharField(_("language"), max_length=10, default="es-mx")
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    attachment = models.ForeignKey(
        Attachment, models.PROTECT, null=True, blank=True, related_name="notifications",
        verbose_name=_("attachment"),
    )

    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # Exactly once: the sweep inserts with ON CONFLICT DO NOTHING on this key.
            models.UniqueConstraint(
                fields=["kind", "recipient_email", "object_key", "step"],
                name="notification_once_per_key",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
        ]
        indexes = [
            # dispatch: unsent rows whose (next) attempt is due, or stale claims, in every sweep.
            models.Index(
                fields=["status", "next_attempt_at"],
                name="notification_unsent_idx",
                condition=Q(status__in=["pending", "sending"]),
            ),
            # The log page of a group: newest first.
            models.Index(fields=["group", "-created_at"], name="notification_group_log_idx"),
            # The acuerdo page's timeline: the e-mails keyed by an acuerdo or its parts
            # (followup.selectors.acuerdo_notifications).
            models.Index(fields=["object_key"], name="notification_object_idx"),
            # The log page: failures first (few rows, partial index).
            models.Index(
                fields=["-created_at"],
                name="notification_failed_idx",
                condition=Q(status="failed"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient_email} ({self.step})"


class GroupReminderPolicy(models.Model):
    """How a group wants its reminders; a group without a row gets the defaults."""

    group = models.OneToOneField(
        "meetings.WorkingGroup", models.CASCADE, related_name="reminder_policy",
        verbose_name=_("group"),
    )
    days_before = models.CharField(
        _("days before the due date"),
        max_length=60,
        default="7,1",
        help_text=_("Comma-separated numbers of days, e.g. 7,1."),
    )
    escalation_after_days = models.PositiveSmallIntegerField(
        _("escalate after (days overdue)"), default=DEFAULT_ESCALATION_AFTER_DAYS
    )

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(escalation_after_days__gte=1), name="policy_escalation_positive"
            ),
        ]

    def __str__(self):
        return f"{self.group}: {self.days_before} / {self.escalation_after_days}"

    @property
    def days_before_list(self) -> list[int]:
        days = set()
        for part in self.days_before.split(","):
            part = part.strip()
            if part.isdigit() and 0 < int(part) <= 365:
                days.add(int(part))
        return sorted(days, reverse=True)


class NotificationPreference(models.Model):
    """A user's choices: the weekly digest can be turned off (reminders cannot); the language of
    their e-mails (default: the site's)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notification_preference",
        verbose_name=_("user"),
    )
    weekly_digest = models.BooleanField(_("receive the weekly digest"), default=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user}: digest={'on' if self.weekly_digest else 'off'}"


class SessionInvitation(models.Model):
    """The calendar identity of a session's invitation: one UID forever, a SEQUENCE that goes up
    each time the time or place changes (RFC 5545 §3.8.7.4)."""

    session = models.OneToOneField(
        "meetings.Session", models.CASCADE, related_name="invitation", verbose_name=_("session")
    )
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    stamp = models.CharField(_("time and place"), max_length=600)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("session invitation")
        verbose_name_plural = _("session invitations")

    def __str__(self):
        return f"{self.session} #{self.sequence}"
