"""During the consultation an enlace proposes their institution as responsable or coadyuvante of
an actividad; the group's secretariat accepts or declines (history in PlanEvent)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Institution

from .actividades import Actividad, ActividadInstitution


class Proposal(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    actividad = models.ForeignKey(
        Actividad, models.CASCADE, related_name="proposals", verbose_name=_("actividad")
    )
    institution = models.ForeignKey(
        Institution, models.PROTECT, related_name="plan_proposals", verbose_name=_("institution")
    )
    role = models.CharField(_("role"), max_length=12, choices=ActividadInstitution.Role.choices)
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            # One open proposal per institution and actividad (the partial unique index also
            # serves "has my institution already proposed" on the enlace's form).
            models.UniqueConstraint(
                fields=["actividad", "institution"], condition=Q(status="pending"),
                name="proposal_one_pending_per_institution",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="proposal_decided_has_date",
            ),
        ]
        indexes = [
            # The secretariat's queue: pending proposals, oldest first.
            models.Index(fields=["status", "proposed_at"], name="proposal_status_idx"),
            # The enlace's page: their institution's proposals.
            models.Index(fields=["institution", "-proposed_at"], name="proposal_institution_idx"),
        ]

    def __str__(self):
        return f"{self.institution} → {self.actividad} ({self.get_role_display()})"
