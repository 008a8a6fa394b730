import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Institution
from meetings.models import Session, WorkingGroup


def status_rule(*, cancelled, informational, all_fulfilled, overdue, started) -> Case:
    """THE rule of an acuerdo's derived status, over five conditions (Q objects or boolean
    expressions): cancelled → cancelled; informational ("se dan por enteradas") → fulfilled by
    being adopted; every responsable part fulfilled (validated) → fulfilled; past its due date →
    overdue; any part not pending → in progress; else pending. `Acuerdo.status_on` is its Python
    form (tests/test_status.py compares them); `acuerdo_status_expression` reads each condition
    in SQL, for annotations, filters and the counts of `AcuerdoQuerySet.count_by_status`."""
    return Case(
        When(cancelled, then=Value(Acuerdo.Status.CANCELLED)),
        When(informational, then=Value(Acuerdo.Status.FULFILLED)),
        # Only validated fulfilment counts: a part that is merely reported is still open.
        When(all_fulfilled, then=Value(Acuerdo.Status.FULFILLED)),
        When(overdue, then=Value(Acuerdo.Status.OVERDUE)),
        When(started, then=Value(Acuerdo.Status.IN_PROGRESS)),
        default=Value(Acuerdo.Status.PENDING),
        output_field=models.CharField(),
    )


def derived_status(*, cancelled: bool, informational: bool, due_date, day, parts) -> str:
    """status_rule in Python, over plain values: cancelled → cancelled; informational →
    fulfilled; every responsable part fulfilled → fulfilled; past due → overdue; any part not
    pending → in progress; else pending. `parts`: the (role, status) pairs of its parts (not read
    when cancelled or informational). Acuerdo.status_on and the API's rows (api.rows, which read
    parts as plain tuples) both call it."""
    if cancelled:
        return _STATUS_CANCELLED
    if informational:
        return _STATUS_FULFILLED
    # The choices read once, counted by list.count and a plain loop rather than all()/any() over
    # generators (2.5x less): an API page runs this for each of its 100 acuerdos.
    responsables = [status for role, status in parts if role == _RESPONSABLE]
    if responsables and responsables.count(_FULFILLED) == len(responsables):
        return _STATUS_FULFILLED
    if due_date and due_date < day:
        return _STATUS_OVERDUE
    for _role, status in parts:
        if status != _PENDING:
            return _STATUS_IN_PROGRESS
    return _STATUS_PENDING


def acuerdo_status_expression(day, *, acuerdo_ref="pk", prefix="", per_row=False):
    """The SQL form of `Acuerdo.status_on(day)` for one row at a time. `acuerdo_ref` names the
    acuerdo's id and `prefix` its fields from the queried model ("pk"/"" on Acuerdo;
    "acuerdo_id"/"acuerdo__" on Responsibility), so lists of acuerdos and of responsibilities
    share one rule.

    per_row=True words "every responsable part fulfilled" as a scalar subquery (MIN over the
    acuerdo's responsable parts: 1 all fulfilled, 0 one open, NULL none) that PostgreSQL runs per
    row through the acuerdo_id index. For pages sorted on other columns and cut by LIMIT (followup
    "Mis acuerdos"): the NOT EXISTS form is planned for every candidate row and then hashed over
    every open part of the table (resp_open_responsable_idx, 40,000 entries at scale 1), although
    only the page's 51 rows need it (EXPLAIN ANALYZE, bench/api_scale.py). To count many acuerdos
    by status use `AcuerdoQuerySet.count_by_status` instead: each FILTER (WHERE status = …) of an
    aggregate would run this expression's subqueries again for every row."""
    parts = Responsibility.objects.filter(acuerdo=OuterRef(acuerdo_ref))
    responsables = parts.filter(role=Responsibility.Role.RESPONSABLE)
    if per_row:
        all_fulfilled = Exact(
            Subquery(
                responsables.order_by().values("acuerdo")
                .annotate(done=Min(Case(When(status=Responsibility.Status.FULFILLED,
                                             then=Value(1)), default=Value(0))))
                .values("done")
            ),
            1,
        )
    else:
        # "Has a responsable part" is read from the acuerdo's row (Acuerdo.has_responsable);
        # "no open responsable part" PostgreSQL evaluates as one hashed lookup over
        # resp_open_responsable_idx. No probe into the parts per acuerdo is left: an EXISTS
        # for "has a responsable part" cost 12,389 of them for the Informe's family at scale 1,
        # ~30 of its ~65 ms (the status query alone, alternating, docs/benchmarks.md).
        all_fulfilled = Q(**{f"{prefix}has_responsable": True}) & ~Exists(
            responsables.exclude(status=Responsibility.Status.FULFILLED))
    return status_rule(
        cancelled=Q(**{f"{prefix}cancelled_at__isnull": False}),
        informational=Q(**{f"{prefix}kind": Acuerdo.Kind.INFORMATIONAL}),
        all_fulfilled=all_fulfilled,
        overdue=Q(**{f"{prefix}due_date__lt": day}),
        started=Exists(parts.exclude(status=Responsibility.Status.PENDING)),
    )


def adopted_q(prefix: str = "") -> Q:
    """THE rule of which acuerdos exist for institutions, reminders and figures: those of sessions
    marked held (celebrada). A planned session's acuerdos are drafted in advance and a cancelled
    session adopted nothing: they count nowhere and no enlace sees them (only the secretariat, in
    the session editor). `prefix` reaches the acuerdo from another model ("acuerdo__" on
    Responsibility, "responsibility__acuerdo__" on reports). Until the minuta's first approval a
    held session's acuerdos are provisional (Session.acuerdos_provisional): shown, counted and
    reminded, marked "minuta por aprobar". The filter joins the session by primary key; sessions
    are few (dozens per group), so it adds no index of its own."""
    return Q(**{f"{prefix}session__status": Session.Status.HELD})


class AcuerdoQuerySet(models.QuerySet):
    def adopted(self):
        """The acuerdos that exist for institutions, reminders and figures (see adopted_q).
        Every page, export, API list and reminder starts from this one rule."""
        return self.filter(adopted_q())

    def with_status(self, day, *, per_row=False):
        """Annotate `status_value`, the same rule as `Acuerdo.status_on`, computed in SQL so that
        lists can filter and count by status. per_row=True for pages cut by LIMIT (see
        acuerdo_status_expression); the default suits counts over whole sets."""
        return self.annotate(status_value=acuerdo_status_expression(day, per_row=per_row))

    def count_by_status(self, day, *fields) -> QuerySet:
        """One query: how many of these acuerdos have each status on `day`, per value of
        `fields` — rows {**fields, "status_value": …, "n": …}, one per combination present.

        The GROUP BY form of the rule: PostgreSQL computes each acuerdo's status once, as the
        grouping key. A conditional aggregate per status (COUNT … FILTER (WHERE status = …)
        over `with_status`) ran the rule's subqueries once per status for every acuerdo: 5× the
        work (for the Informe's family of 15,755 acuerdos at scale 1, median 473 → 180 ms on a
        loaded machine; docs/benchmarks.md). tests/test_status.py checks the counts against
        status_on."""
        return (self.with_status(day).order_by().values(*fields, "status_value")
                .annotate(n=Count("pk")))


class Acuerdo(models.Model):
    """A numbered agreement adopted in a session. Its status is derived (see `status`)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        IN_PROGRESS = "in_progress", _("In progress")
        OVERDUE = "overdue", _("Overdue")
        FULFILLED = "fulfilled", _("Fulfilled")
        CANCELLED = "cancelled", _("Cancelled (sin efecto)")

    class Kind(models.TextChoices):
        # A commitment: institutions fulfil their parts, reminders chase them.
        COMMITMENT = "commitment", _("Commitment")
        # "Se dan por enteradas", "aprueban las fechas propuestas": fulfilled when adopted; its
        # institutions stay for the minuta's Responsable column, but nobody reports on them.
        INFORMATIONAL = "informational", _("Informational / approval")

    # group is the session's group, kept here so that numbers are unique per group in the database.
    group = models.ForeignKey(
        WorkingGroup, models.PROTECT, related_name="acuerdos", verbose_name=_("group")
    )
    session = models.ForeignKey(
        Session, models.PROTECT, related_name="acuerdos", verbose_name=_("session")
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=60)
    text = models.TextField(_("acuerdo"))
    due_date = models.DateField(_("due date (fecha de cumplimiento)"), null=True, blank=True)
    # "Todas las instituciones": one responsibility per member, displayed as one phrase.
    all_institutions = models.BooleanField(_("all institutions"), default=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices,
                            default=Kind.COMMITMENT)
    cancelled_at = models.DateTimeField(_("cancelled (sin efecto) at"), null=True, blank=True)
    # A fact of its parts that the status rule reads (acuerdo_status_expression): at least one
    # responsable part. Written only where parts are added, removed or change role, all in
    # agreements.services (acuerdo_create, acuerdo_change_responsibilities, and
    # acuerdo_sync_has_responsable after the admin's inline parts; the load generators set it
    # with their bulk rows), never by a status change. Read from the row, it spares the
    # status an EXISTS probe into the parts per acuerdo (the Informe's family of 15,755 at
    # scale 1: 12,389 probes, about half of its status query; docs/benchmarks.md).
    has_responsable = models.BooleanField(_("has a responsable part"), default=False,
                                          editable=False)
    themes = models.ManyToManyField(
        "meetings.Theme", blank=True, related_name="acuerdos", verbose_name=_("themes"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = AcuerdoQuerySet.as_manager()

    class Meta:
        ordering = ["session__date", "session_id", "sequence"]
        verbose_name = _("acuerdo")
        verbose_name_plural = _("acuerdos")
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="acuerdo_unique_number"),
            models.UniqueConstraint(
                fields=["session", "sequence"], name="acuerdo_unique_sequence"
            ),
        ]
        indexes = [
            # Overdue/coming-due selectors: open acuerdos ordered by due date.
            models.Index(
                fields=["due_date"],
                name="acuerdo_open_due_idx",
                condition=Q(cancelled_at__isnull=True),
            ),
            # API list ?ordering=due / -due: the cursor's sort key, acuerdos without a due date last
            # (api.selectors.acuerdo_list annotates the same expression).
            models.Index(
                Coalesce("due_date", Value(datetime.date(9999, 12, 31))),
                "id",
                name="acuerdo_due_order_idx",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_informational(self) -> bool:
        return self.kind == self.Kind.INFORMATIONAL

    def status_on(self, day, responsibilities=None) -> str:
        """The derived status on `day`; pass prefetched responsibilities to avoid a query."""
        cancelled, informational = bool(self.cancelled_at), self.kind == self.Kind.INFORMATIONAL
        parts = () if cancelled or informational else [  # settled: no query for its parts
            (r.role, r.status)
            for r in (self.responsibilities.all() if responsibilities is None else responsibilities)]
        return derived_status(cancelled=cancelled, informational=informational,
                              due_date=self.due_date, day=day, parts=parts)

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def is_provisional(self) -> bool:
        """"Minuta por aprobar": adopted in a held session whose minuta was never approved, so its
        text and number may still change. Reads the session (select_related it in lists)."""
        return self.session.acuerdos_provisional


class ResponsibilityQuerySet(models.QuerySet):
    def adopted(self):
        """Parts of adopted acuerdos only (agreements.models.adopted_q)."""
        return self.filter(adopted_q("acuerdo__"))

    def reportable(self):
        """Adopted parts someone has to fulfil: those of commitments. An informational acuerdo's
        parts only name who took note; reminders, digests, "Mis acuerdos" and the overdue
        dashboard never show them."""
        return self.adopted().filter(acuerdo__kind=Acuerdo.Kind.COMMITMENT)


class Responsibility(models.Model):
    """One institution's part in an acuerdo, with its own status."""

    class Role(models.TextChoices):
        RESPONSABLE = "responsable", _("Responsible")
        COADYUVANTE = "coadyuvante", _("Supporting (coadyuvante)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        IN_PROGRESS = "in_progress", _("In progress")
        # Two-step fulfilment: the institution reports, the group's secretariat validates.
        REPORTED = "reported", _("Fulfilment reported (awaiting validation)")
        FULFILLED = "fulfilled", _("Fulfilled (validated)")

    acuerdo = models.ForeignKey(
        Acuerdo, models.CASCADE, related_name="responsibilities", verbose_name=_("acuerdo")
    )
    institution = models.ForeignKey(
        Institution, models.PROTECT, related_name="responsibilities", verbose_name=_("institution")
    )
    role = models.CharField(
        _("role"), max_length=12, choices=Role.choices, default=Role.RESPONSABLE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Bumped by every accepted write of the part (agreements/followup services, under the row
    # lock), whether or not its status changed: the API's ETag, so an If-Match read before a
    # write never matches after it (updated_at alone repeats within a clock tick).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    # A copy of acuerdo.due_date, written only by agreements.services (acuerdo_create,
    # acuerdo_change_due_date, acuerdo_sync_part_due_dates): the reminders sweep finds the open
    # parts due on its dates through resp_open_due_idx, without reading every acuerdo of the day.
    due_date = models.DateField(
        _("due date (copy of the acuerdo's)"), null=True, blank=True, editable=False
    )
    # A copy of acuerdo.group_id, which never changes after acuerdo_create: the Informe's parts
    # per institution (reports.selectors.acuerdo_pass) read the scope's groups' responsable parts
    # as one range of resp_group_responsable_idx instead of probing the parts of each of the
    # scope's ~15,000 acuerdos (the family, 5 years, scale 1). Written with the part: the bulk
    # writers (agreements.services, the load generators) set it, save() fills it for the rest
    # (the admin's inline parts, tests); NOT NULL, so a writer that forgets it fails instead of
    # drifting. tests/test_responsibility_group.py checks it against the acuerdos.
    acuerdo_group = models.ForeignKey(
        WorkingGroup, models.DO_NOTHING, db_constraint=False, db_index=False, editable=False,
        related_name="+", verbose_name=_("group (copy of the acuerdo's)"),
    )

    objects = ResponsibilityQuerySet.as_manager()

    class Meta:
        ordering = ["acuerdo", "role", "institution__acronym"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.UniqueConstraint(
                fields=["acuerdo", "institution"], name="responsibility_once_per_institution"
            ),
        ]
        indexes = [
            # "Mis acuerdos": an institution's parts by status.
            models.Index(fields=["institution", "status"], name="resp_institution_status_idx"),
            # Open responsable parts: the overdue dashboard and compliance
            # (followup.selectors.overdue_matrix / due_soon_by_group), and with_status' NOT EXISTS
            # "an open responsable part" (PostgreSQL hashes that subquery over this small index).
            models.Index(
                fields=["acuerdo", "institution"],
                name="resp_open_responsable_idx",
                condition=Q(role="responsable") & ~Q(status="fulfilled"),
            ),
            # The responsable parts of an acuerdo with what the Informe counts of them
            # (reports.selectors.acuerdo_pass, per institution): read from the index alone, the
            # family's ~15,000 acuerdos at scale 1 are joined to their parts without a heap read
            # per part (that query ~62 → ~53 ms, alternating). SQLite keeps it without INCLUDE.
            models.Index(
                fields=["acuerdo"], include=["institution", "status"],
                name="resp_responsable_idx", condition=Q(role="responsable"),
            ),
            # The responsable parts of a group's acuerdos with what the Informe counts of them
            # (reports.selectors.acuerdo_pass, per institution: the API and the XLSX): the
            # family's ~30,000 parts at scale 1 as one index range, hash-joined to the scope's
            # acuerdos, instead of one probe of resp_responsable_idx per acuerdo.
            models.Index(
                fields=["acuerdo_group"], include=["acuerdo", "institution", "status"],
                name="resp_group_responsable_idx", condition=Q(role="responsable"),
            ),
            # "Reports awaiting validation": parts reported and not yet validated
            # (followup.selectors.due_soon_by_group, the list filtered by status=reported).
            models.Index(
                fields=["acuerdo"], name="resp_reported_idx", condition=Q(status="reported")
            ),
            # acuerdos_visible_to for an enlace: the acuerdos their institution has a part in.
            models.Index(fields=["institution", "acuerdo"], name="resp_institution_acuerdo_idx"),
            # The reminders sweep (notifications.services.plan_reminders): open responsable parts
            # due on the sweep's candidate dates, one index range per date — its work follows what
            # is due (not fulfilled), not the number of acuerdos or parts in the table.
            models.Index(
                fields=["due_date"],
                name="resp_open_due_idx",
                condition=Q(role="responsable") & ~Q(status="fulfilled"),
            ),
        ]

    def __str__(self):
        return f"{self.acuerdo} · {self.institution} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        if self.acuerdo_group_id is None:  # the copy of the acuerdo's group (see the field)
            self.acuerdo_group_id = self.acuerdo.group_id
        super().save(*args, **kwargs)


# derived_status's choices (defined above it, read when it runs).
_RESPONSABLE, _FULFILLED, _PENDING = (Responsibility.Role.RESPONSABLE,
                                      Responsibility.Status.FULFILLED,
                                      Responsibility.Status.PENDING)
_STATUS_CANCELLED, _STATUS_FULFILLED, _STATUS_OVERDUE, _STATUS_IN_PROGRESS, _STATUS_PENDING = (
    Acuerdo.Status.CANCELLED, Acuerdo.Status.FULFILLED, Acuerdo.Status.OVERDUE,
    Acuerdo.Status.IN_PROGRESS, Acuerdo.Status.PENDING)


class AcuerdoEvent(models.Model):
    """The history of an acuerdo: who changed what, when, from which value to which."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created in session")
        TEXT = "text", _("Text changed")
        DUE_DATE = "due_date", _("Due date changed")
        STATUS = "status", _("Status changed")
        CANCELLED = "cancelled", _("Cancelled (sin efecto)")
        # Follow-up by the institutions (followup.services).
        REPORT = "report", _("Progress reported")
        VALIDATED = "validated", _("Fulfilment validated")
        RETURNED = "returned", _("Report returned")
        ON_BEHALF = "on_behalf", _("Fulfilment recorded on the institution's behalf")
        DATE_REQUEST = "date_request", _("New due date requested")
        DATE_REJECTED = "date_rejected", _("Due date request rejected")
        NUMBER = "number", _("Number changed (reordered before approval)")
        INSTITUTIONS = "institutions", _("Responsible and supporting institutions changed")
        KIND = "kind", _("Kind changed (commitment / informational)")

    acuerdo = models.ForeignKey(
        Acuerdo, models.CASCADE, related_name="events", verbose_name=_("acuerdo")
    )
    responsibility = models.ForeignKey(
        Responsibility,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("responsibility"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["acuerdo", "at", "id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        constraints = [
            # A due date never moves without a stated reason.
            models.CheckConstraint(
                condition=~Q(kind="due_date") | ~Q(note=""), name="event_due_date_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.acuerdo} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
