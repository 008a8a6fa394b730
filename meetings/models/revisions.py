from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Person

from .sessions import Session


class MinutaRevision(models.Model):
    """The approved content of a minuta, frozen when a correction opens the next revision."""

    session = models.ForeignKey(
        Session, models.CASCADE, related_name="minuta_revisions", verbose_name=_("session")
    )
    number = models.PositiveIntegerField(_("revision"))
    content = models.JSONField(_("approved content"))
    approved_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("approved by (visto bueno)"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("correction opened by"),
    )
    reopened_at = models.DateTimeField(_("correction opened at"), default=timezone.now)
    reason = models.TextField(_("reason for the correction"))

    class Meta:
        ordering = ["session", "number"]
        verbose_name = _("minuta revision")
        verbose_name_plural = _("minuta revisions")
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="revision_unique_number"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="revision_has_reason"),
        ]

    def __str__(self):
        return f"{self.session} rev. {self.number}"


class MinutaEvent(models.Model):
    """The history of a minuta: who changed what in the workspace, and its workflow steps."""

    class Kind(models.TextChoices):
        CHANGED = "changed", _("Changed")
        SUBMITTED = "submitted", _("Sent to review")
        RETURNED = "returned", _("Returned with comments")
        APPROVED = "approved", _("Approved (visto bueno)")
        REOPENED = "reopened", _("Correction opened")

    session = models.ForeignKey(
        Session, models.CASCADE, related_name="minuta_events", verbose_name=_("session")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    what = models.CharField(_("what"), max_length=200, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["session", "at", "id"]
        verbose_name = _("minuta history entry")
        verbose_name_plural = _("minuta history")
        indexes = [
            # The history panel of the session editor: a session's events, newest first.
            models.Index(fields=["session", "-at"], name="minutaevent_session_at_idx"),
        ]

    def __str__(self):
        return f"{self.session} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
