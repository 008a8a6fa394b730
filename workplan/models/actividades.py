"""Ejes and actividades of a plan, the institutions that lead or help with each actividad and
the acuerdos that follow it up."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Institution

from .plans import Plan


class Eje(models.Model):
    """A line of work of the plan ("Generación de conocimiento y capacitación"), in order."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="ejes", verbose_name=_("plan"))
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("eje")
        verbose_name_plural = _("ejes")
        # Not unique on (plan, order): moves swap orders inside one transaction. The plan page
        # reads a plan's ejes in order through this index.
        indexes = [models.Index(fields=["plan", "order"], name="eje_plan_order_idx")]

    def __str__(self):
        return f"{self.order}. {self.title}"


class Actividad(models.Model):
    """One actividad of an eje: what is to be done, its product (entregable), its dates, an
    optional indicator and goal and the states it covers. Its progress is derived
    (workplan.progress): from the follow-up of its linked acuerdos, or cancelled."""

    class Progress(models.TextChoices):
        NOT_STARTED = "sin_iniciar", _("Not started")
        IN_PROGRESS = "en_proceso", _("In progress")
        DONE = "concluida", _("Done")
        CANCELLED = "cancelada", _("Cancelled")

    eje = models.ForeignKey(Eje, models.CASCADE, related_name="actividades", verbose_name=_("eje"))
    # Kept with the eje's plan so the plan's actividades are one indexed filter and moves between
    # ejes cannot leave the plan.
    plan = models.ForeignKey(
        Plan, models.CASCADE, related_name="actividades", verbose_name=_("plan")
    )
    order = models.PositiveIntegerField(_("order"))
    description = models.TextField(_("actividad"))
    entregable = models.TextField(_("expected product (entregable)"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    # The end or target date: late once past and not done.
    end_date = models.DateField(_("end or target date"), null=True, blank=True)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    goal = models.CharField(_("goal (meta)"), max_length=300, blank=True)
    # State codes of meetings.states.State ("VER", "TAMPS"); empty = national.
    states = models.JSONField(_("states covered"), default=list, blank=True)
    # "Todas las instituciones": one responsable row per member institution, shown as one phrase.
    all_institutions = models.BooleanField(_("all institutions"), default=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    acuerdos = models.ManyToManyField(
        "agreements.Acuerdo", through="workplan.ActividadAcuerdo", related_name="actividades",
        verbose_name=_("linked acuerdos"), blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["plan", "eje__order", "order", "id"]
        verbose_name = _("actividad")
        verbose_name_plural = _("actividades")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True)
                | Q(start_date__lte=F("end_date")),
                name="actividad_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                name="actividad_cancel_has_reason",
            ),
        ]
        indexes = [
            # The plan page: an eje's actividades in order.
            models.Index(fields=["eje", "order"], name="actividad_eje_order_idx"),
            # Late actividades of a group's plans (the editor's Seguimiento panel, reminders):
            # open actividades by end date.
            models.Index(fields=["end_date"], name="actividad_open_end_idx",
                         condition=Q(cancelled_at__isnull=True)),
        ]

    def __str__(self):
        return self.description[:80]


class ActividadInstitution(models.Model):
    """One institution's part in an actividad, like an acuerdo's part: responsable (leads) or
    coadyuvante (helps). Written by workplan.services only (directly or by accepting a
    Proposal)."""

    class Role(models.TextChoices):
        RESPONSABLE = "responsable", _("Responsible")
        COADYUVANTE = "coadyuvante", _("Supporting (coadyuvante)")

    actividad = models.ForeignKey(
        Actividad, models.CASCADE, related_name="institutions", verbose_name=_("actividad")
    )
    institution = models.ForeignKey(
        Institution, models.PROTECT, related_name="actividad_parts", verbose_name=_("institution")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices,
                            default=Role.RESPONSABLE)
    # The accepted proposal this row came from, if any.
    proposal = models.OneToOneField(
        "workplan.Proposal", models.SET_NULL, null=True, blank=True, related_name="part",
        verbose_name=_("from proposal"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["actividad", "role", "institution__acronym"]
        verbose_name = _("institution in actividad")
        verbose_name_plural = _("institutions in actividades")
        constraints = [
            models.UniqueConstraint(
                fields=["actividad", "institution"], name="actividad_part_once_per_institution"
            ),
        ]
        indexes = [
            # "Which actividades does my institution carry" (enlace page, plan's institutions).
            models.Index(fields=["institution", "actividad"], name="actpart_institution_idx"),
        ]

    def __str__(self):
        return f"{self.actividad} · {self.institution} ({self.get_role_display()})"


class ActividadAcuerdo(models.Model):
    """An acuerdo that follows up an actividad (linked when the acuerdo is adopted in the session
    editor, or later from the acuerdo page). The actividad's progress comes from these acuerdos'
    parts: their reports, validation and evidence (followup)."""

    actividad = models.ForeignKey(
        Actividad, models.CASCADE, related_name="acuerdo_links", verbose_name=_("actividad")
    )
    acuerdo = models.ForeignKey(
        "agreements.Acuerdo", models.CASCADE, related_name="actividad_links",
        verbose_name=_("acuerdo"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("linked by"),
    )
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    class Meta:
        ordering = ["actividad", "linked_at", "id"]
        verbose_name = _("acuerdo of an actividad")
        verbose_name_plural = _("acuerdos of actividades")
        constraints = [
            models.UniqueConstraint(fields=["actividad", "acuerdo"], name="actividad_acuerdo_once"),
        ]
        indexes = [
            # The acuerdo page and the editor: the actividades an acuerdo follows up.
            models.Index(fields=["acuerdo"], name="actacuerdo_acuerdo_idx"),
        ]

    def __str__(self):
        return f"{self.acuerdo} → {self.actividad}"
