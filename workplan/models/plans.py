"""A working group's annual work plan (Plan de Trabajo Anual), its versions, its history and the
calendar of sessions it proposes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Session, WorkingGroup


class Plan(models.Model):
    """Ejes → actividades for one group and one year (or a period inside it). Drafted by the
    secretariat, sent to the institutions for consultation (they propose where they lead or
    help), approved in a session by an acuerdo. Changes after approval keep a PlanVersion."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_CONSULTATION = "in_consultation", _("In consultation")
        APPROVED = "approved", _("Approved")

    group = models.ForeignKey(
        WorkingGroup, models.PROTECT, related_name="plans", verbose_name=_("group")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # An optional period inside the year ("junio–diciembre"); empty = the whole year.
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    consultation_until = models.DateField(_("consultation open until"), null=True, blank=True)
    approved_by_acuerdo = models.ForeignKey(
        "agreements.Acuerdo", models.SET_NULL, null=True, blank=True, related_name="approved_plans",
        verbose_name=_("approved by acuerdo"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # The acuerdo that approved the calendar ("aprueban las fechas propuestas", 5/SO-4), when the
    # calendar is approved apart from (or before) the plan.
    calendar_acuerdo = models.ForeignKey(
        "agreements.Acuerdo", models.SET_NULL, null=True, blank=True,
        related_name="approved_calendars", verbose_name=_("calendar approved by acuerdo"),
    )
    calendar_approved_at = models.DateTimeField(_("calendar approved at"), null=True, blank=True)
    acuerdos = models.ManyToManyField(
        "agreements.Acuerdo", through="workplan.PlanAcuerdo", related_name="plans", blank=True,
        verbose_name=_("acuerdos about the plan"),
    )
    # The number of the current PlanVersion; 0 until the plan is first approved.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["group", "-year"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.UniqueConstraint(fields=["group", "year"], name="plan_once_per_group_year"),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="plan_approved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True) | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
                name="plan_period_in_order",
            ),
        ]
        # The group's plans (plan list, "plans in consultation of my groups") use the unique
        # (group, year) index; an enlace's page filters by status over the few plans there are.

    def __str__(self):
        return f"{self.group.acronym} {self.year} · {self.title}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def in_consultation(self) -> bool:
        return self.status == self.Status.IN_CONSULTATION


class PlanVersion(models.Model):
    """The plan as it stood, kept at approval and at every change after it: who, when, why and a
    JSON snapshot (workplan.snapshot.plan_snapshot) of ejes, actividades and institutions."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("why"))
    snapshot = models.JSONField(_("snapshot"), default=dict)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number"),
            models.CheckConstraint(condition=~Q(reason=""), name="plan_version_has_reason"),
        ]

    def __str__(self):
        return f"{self.plan} v{self.number}"


class PlanEvent(models.Model):
    """The history of a plan (its audit rows): status changes, ejes and actividades added,
    changed or moved, institutions, proposals and their decisions, acuerdos linked."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Plan created")
        STATUS = "status", _("Status changed")
        EDITED = "edited", _("Plan changed")
        EJE = "eje", _("Eje added or changed")
        ACTIVIDAD = "actividad", _("Actividad added or changed")
        MOVED = "moved", _("Actividad moved")
        INSTITUTIONS = "institutions", _("Responsible and supporting institutions changed")
        PROPOSAL = "proposal", _("Proposal made")
        ACCEPTED = "accepted", _("Proposal accepted")
        DECLINED = "declined", _("Proposal declined")
        WITHDRAWN = "withdrawn", _("Proposal withdrawn")
        LINKED = "linked", _("Acuerdo linked")
        UNLINKED = "unlinked", _("Acuerdo unlinked")
        CANCELLED = "cancelled", _("Actividad cancelled")
        CALENDAR = "calendar", _("Calendar approved, sessions planned")
        VERSION = "version", _("New version after approval")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="events", verbose_name=_("plan"))
    actividad = models.ForeignKey(
        "workplan.Actividad", models.SET_NULL, null=True, blank=True, related_name="events",
        verbose_name=_("actividad"),
    )
    proposal = models.ForeignKey(
        "workplan.Proposal", models.SET_NULL, null=True, blank=True, related_name="events",
        verbose_name=_("proposal"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["plan", "at", "id"]
        verbose_name = _("plan history entry")
        verbose_name_plural = _("plan history")
        indexes = [
            # A proposal's history on the queue and the enlace's page.
            models.Index(fields=["proposal", "at"], name="planevent_proposal_idx"),
        ]

    def __str__(self):
        return f"{self.plan} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class PlannedSession(models.Model):
    """One of the year's sessions the plan proposes (the calendarización: "la sexta reunión
    ordinaria el 5 de agosto"). Approving the calendar plans it as a meetings.Session."""

    plan = models.ForeignKey(
        Plan, models.CASCADE, related_name="planned_sessions", verbose_name=_("plan")
    )
    # The session number ("5ª", "6ª"): numbered like meetings.Session, per type.
    ordinal = models.PositiveIntegerField(_("number"))
    type = models.CharField(
        _("type"), max_length=2, choices=Session.Type.choices, default=Session.Type.ORDINARIA
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    modality = models.CharField(
        _("modality"), max_length=10, choices=Session.Modality.choices,
        default=Session.Modality.VIRTUAL,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The meetings.Session once planned (or the existing one it matched, e.g. the session that
    # approves the calendar itself).
    session = models.OneToOneField(
        Session, models.SET_NULL, null=True, blank=True, related_name="plan_entry",
        verbose_name=_("planned session"),
    )

    class Meta:
        ordering = ["plan", "date", "ordinal"]
        verbose_name = _("proposed session")
        verbose_name_plural = _("proposed sessions (calendar)")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "type", "ordinal"], name="planned_session_unique_number"
            ),
        ]

    def __str__(self):
        return f"{self.ordinal}ª {self.get_type_display()} · {self.date:%Y-%m-%d}"


class PlanAcuerdo(models.Model):
    """An acuerdo about the plan as a whole rather than one actividad ("enviará a todas las
    instancias la propuesta del plan de trabajo", 5/SO-2; "indicarán las actividades en las que
    podrán participar", 5/SO-3): shown on the plan page with its status."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="acuerdo_links",
                             verbose_name=_("plan"))
    acuerdo = models.ForeignKey(
        "agreements.Acuerdo", models.CASCADE, related_name="plan_links", verbose_name=_("acuerdo")
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("linked by"),
    )
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    class Meta:
        ordering = ["plan", "linked_at", "id"]
        verbose_name = _("acuerdo about a plan")
        verbose_name_plural = _("acuerdos about plans")
        constraints = [
            models.UniqueConstraint(fields=["plan", "acuerdo"], name="plan_acuerdo_once"),
        ]
        # The plan page reads a plan's links through the unique (plan, acuerdo) index.

    def __str__(self):
        return f"{self.acuerdo} → {self.plan}"
