"""Reads of the follow-up pages. Each list is one query whatever its length (no per-row queries);
figures are aggregated in SQL. Sized for 150,000 acuerdos / 300,000 responsibilities: the indexes
each query relies on are named next to it (agreements.models, followup.models)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, Value, When

from agreements.models import Acuerdo, Responsibility, acuerdo_status_expression, adopted_q
from tracker.access import (
    acuerdo_events_scope,
    acuerdo_followup_scope,
    acuerdo_notifications_scope,
    enlace_institution,
    groups_editable_by,
    responsibilities_in_scope,
    responsibilities_visible_to,
)
from tracker.compiled import MARKERS, Compiled
from tracker.lookups import IdArray
from notifications.models import Notification

from .models import DueDateRequest, ProgressReport

RESPONSABLE = Responsibility.Role.RESPONSABLE
FULFILLED = Responsibility.Status.FULFILLED

# Aging buckets of the dashboard: (key, first day overdue, last day overdue or None).
AGING = [("overdue_1_7", 1, 7), ("overdue_8_30", 8, 30), ("overdue_31_90", 31, 90),
         ("overdue_91", 91, None)]


def open_part_q(prefix: str = "") -> Q:
    """A part still to be done: not validated as fulfilled, acuerdo not cancelled."""
    return ~Q(**{f"{prefix}status": FULFILLED}) & Q(**{f"{prefix}acuerdo__cancelled_at__isnull": True})


def due_window_q(window: str, day: datetime.date) -> Q:
    """The due windows of the list and the dashboard links, on open parts."""
    due = "acuerdo__due_date"
    if window == "overdue":
        return open_part_q() & Q(**{f"{due}__lt": day})
    for key, first, last in AGING:
        if window == key:
            q = open_part_q() & Q(**{f"{due}__lte": day - datetime.timedelta(days=first)})
            if last is not None:
                q &= Q(**{f"{due}__gte": day - datetime.timedelta(days=last)})
            return q
    if window in ("next_7", "next_30"):
        days = 7 if window == "next_7" else 30
        return open_part_q() & Q(**{f"{due}__gte": day,
                                    f"{due}__lte": day + datetime.timedelta(days=days)})
    if window == "no_date":
        return Q(**{f"{due}__isnull": True})
    return Q()


def parts_for(user, day: datetime.date, *, group_ids=None):
    """The rows of "Mis acuerdos" (and of every filtered list the dashboard links to): one row per
    part an institution has in an acuerdo, with the acuerdo's overall status computed in SQL.
    Serves: resp_institution_status_idx (an enlace's parts), acuerdo FK/group indexes (a group's).
    `group_ids`: the user's followed groups, if known (responsibilities_visible_to)."""
    return _parts(responsibilities_visible_to(user, group_ids=group_ids), day)


def _parts(scope, day):
    pending_request = DueDateRequest.objects.filter(
        responsibility=OuterRef("pk"), state=DueDateRequest.State.PENDING
    )
    return (
        # Informational acuerdos have nothing to report: never a row of the list.
        scope
        .filter(acuerdo__kind=Acuerdo.Kind.COMMITMENT)
        .select_related("acuerdo__group", "acuerdo__session", "institution")
        .annotate(
            overall=acuerdo_status_expression(day, acuerdo_ref="acuerdo_id", prefix="acuerdo__",
                                              per_row=True),
            is_overdue=Case(
                When(open_part_q() & Q(acuerdo__due_date__lt=day), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            has_pending_request=Exists(pending_request),
        )
    )


SORTS = {
    # key: (label, order_by) — labels are set in filters.py; overdue first is the default.
    "overdue": [F("is_overdue").desc(), F("acuerdo__due_date").asc(nulls_last=True),
                "acuerdo__session__date", "acuerdo__sequence", "pk"],
    "due": [F("acuerdo__due_date").asc(nulls_last=True), "pk"],
    "-due": [F("acuerdo__due_date").desc(nulls_last=True), "-pk"],
    "number": ["acuerdo__group__acronym", "acuerdo__session__date", "acuerdo__sequence", "pk"],
    "-number": ["acuerdo__group__acronym", "-acuerdo__session__date", "-acuerdo__sequence", "-pk"],
    "institution": ["institution__acronym", F("acuerdo__due_date").asc(nulls_last=True), "pk"],
}


def decorate_row(row, day: datetime.date):
    """Per-row values computed in Python from what the query already fetched (no queries)."""
    due = row.acuerdo.due_date
    row.days_left = (due - day).days if due else None
    row.days_overdue = -row.days_left if row.is_overdue else None
    row.overall_label = Acuerdo.Status(row.overall).label
    return row


def decorate(rows: list, day: datetime.date) -> list:
    for row in rows:
        decorate_row(row, day)
    return rows


def attach_pending_reports(rows: list, user) -> None:
    """The validation queue: each reported part of a group the user manages gets its pending
    report with its evidence (two queries, none without reported rows), so the list offers
    "Validate" in place, next to the files to check."""
    ids = [row.pk for row in rows if row.status == Responsibility.Status.REPORTED]
    for row in rows:
        row.pending_report = None
    if not ids:
        return
    reports = ProgressReport.objects.filter(
        responsibility_id__in=ids, review=ProgressReport.Review.PENDING,
        responsibility__acuerdo__group__in=groups_editable_by(user),
    ).prefetch_related("evidence")
    by_part = {report.responsibility_id: report for report in reports}
    for row in rows:
        row.pending_report = by_part.get(row.pk)


@dataclass
class Page:
    """Offset pagination without COUNT(*): one row more than the page tells if there is a next."""

    number: int
    rows: list
    has_next: bool
    per_page: int
    has_previous: bool = field(init=False)

    def __post_init__(self):
        self.has_previous = self.number > 1

    @property
    def start_index(self):
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def end_index(self):
        return (self.number - 1) * self.per_page + len(self.rows)


def page_of(queryset, number, per_page: int = 50) -> Page:
    try:
        number = max(1, min(int(number), 10_000))
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * per_page
    rows = list(queryset[offset:offset + per_page + 1])
    return Page(number=number, rows=rows[:per_page], has_next=len(rows) > per_page,
                per_page=per_page)


# Values standing for the arguments while compiling (tracker.compiled).
_GROUPS, _INSTITUTION, _DAY = IdArray.of([MARKERS[0]]), MARKERS[1], datetime.date(1, 2, 3)
_FIRST_PAGES: dict = {}


def first_page(user, day: datetime.date, *, group_ids, per_page: int = 50) -> Page:
    """page_of(the list's queryset, 1) when no filter, sort nor page is asked (what the menu
    opens, and most visits): parts_for in the default order (SORTS["overdue"]), its SQL compiled
    once per shape of scope (tracker.compiled) — building and compiling it was more CPU than
    PostgreSQL spent running it (issue #17). PostgreSQL only (the groups' ids are one array
    parameter); `group_ids`: request_followed_group_ids. tests/test_part_list_first_page.py."""
    if user.is_staff:
        shape, args = ("staff",), (day,)
    else:
        institution = enlace_institution(user)
        shape = (bool(group_ids), institution is not None)
        args = ((IdArray.of(group_ids),) if group_ids else ()) + (
            (institution.pk,) if institution is not None else ()) + (day,)
    plan = _FIRST_PAGES.get((shape, per_page))  # the page size is the SQL's LIMIT
    if plan is None:
        plan = _FIRST_PAGES[shape, per_page] = Compiled(
            _first_page_builder(shape, per_page), model=Responsibility, instances=True,
            markers=(((_GROUPS,) if shape[0] is True else ()) + (
                (_INSTITUTION,) if shape[-1] is True else ()) + (_DAY,)),
            # Not prepared: its best plan depends on how many parts the scope holds, and a
            # prepared statement's generic plan made an enlace's page 8–12 ms slower (alternated).
            prepare=False)
    rows = plan(*args)
    return Page(number=1, rows=rows[:per_page], has_next=len(rows) > per_page,
                per_page=per_page)


def _first_page_builder(shape, per_page):
    def build(*markers):
        *scope_args, day = markers
        if shape == ("staff",):
            scope = Responsibility.objects.adopted()
        else:
            groups = scope_args.pop(0) if shape[0] else None
            institution = scope_args.pop(0) if shape[1] else None
            scope = responsibilities_in_scope(groups, institution)
        return _parts(scope, day).order_by(*SORTS["overdue"])[:per_page + 1]
    return build


# --- Acuerdo page --------------------------------------------------------------------------------

@dataclass
class AcuerdoPage:
    acuerdo: Acuerdo
    parts: list
    timeline: list
    reports: list
    date_requests: list
    status: str


def acuerdo_notifications(acuerdo: Acuerdo, parts: list, viewer) -> list[Notification]:
    """The e-mails sent (or tried) about an acuerdo that `viewer` may see: decisions keyed
    "acuerdo:<id>", reminders and escalations keyed by its parts, anything else with its FK. One
    query (the acuerdo FK's index, notification_object_idx for the keys); each row
    gets `at`, when it went out (or was written, if it never did)."""
    keys = [f"acuerdo:{acuerdo.pk}"] + [f"responsibility:{p.pk}" for p in parts]
    rows = list(
        Notification.objects.filter(Q(acuerdo=acuerdo) | Q(object_key__in=keys))
        .filter(acuerdo_notifications_scope(viewer, acuerdo, parts))
        .only("kind", "status", "recipient_name", "recipient_email", "object_key", "step",
              "created_at", "sent_at", "attempts")
        .order_by("created_at", "id")
    )
    for row in rows:
        row.at = row.sent_at or row.created_at
        row.is_notification = True
    return rows


def acuerdo_page(acuerdo: Acuerdo, day: datetime.date, viewer=None) -> AcuerdoPage:
    """Everything the acuerdo page shows, in a fixed number of queries (6 with a viewer: the
    e-mails about it are merged into the timeline)."""
    parts = list(acuerdo.responsibilities.select_related("institution"))
    # Another institution's follow-up is never shown to an enlace (tracker.access); the scopes
    # are subqueries of the queries below, so the count stays fixed.
    own = acuerdo_followup_scope(viewer, acuerdo) if viewer is not None else Q()
    events = acuerdo_events_scope(viewer, acuerdo) if viewer is not None else Q()
    # report_part_created_idx: the reports of the acuerdo's parts, newest first.
    reports = list(
        ProgressReport.objects.filter(own, responsibility__acuerdo=acuerdo)
        .select_related("actor", "reviewed_by", "responsibility__institution")
        .prefetch_related("evidence")
    )
    by_event = {r.event_id: r for r in reports if r.event_id}
    timeline = list(acuerdo.events.filter(events)
                    .select_related("actor", "responsibility__institution"))
    for event in timeline:
        event.report_row = by_event.get(event.pk)
    if viewer is not None:
        # Stable sort: an e-mail written in the same instant as an event comes after it.
        timeline = sorted(timeline + acuerdo_notifications(acuerdo, parts, viewer),
                          key=lambda entry: entry.at)
    date_requests = list(
        DueDateRequest.objects.filter(own, responsibility__acuerdo=acuerdo)
        .select_related("requested_by", "decided_by", "responsibility__institution")
    )
    pending_reports = {r.responsibility_id: r for r in reports
                       if r.review == ProgressReport.Review.PENDING}
    pending_requests = {d.responsibility_id: d for d in date_requests
                        if d.state == DueDateRequest.State.PENDING}
    for part in parts:
        part.pending_report = pending_reports.get(part.pk)
        part.pending_request = pending_requests.get(part.pk)
    return AcuerdoPage(acuerdo=acuerdo, parts=parts, timeline=timeline, reports=reports,
                       date_requests=date_requests, status=acuerdo.status_on(day, parts))


# --- Coordinator dashboard -----------------------------------------------------------------------

def _overdue_parts(groups, day):
    # resp_open_responsable_idx (open responsable parts) joined to acuerdo_open_due_idx.
    return Responsibility.objects.reportable().filter(
        open_part_q(), role=RESPONSABLE, acuerdo__group__in=groups, acuerdo__due_date__lt=day
    )


def overdue_matrix(groups, day: datetime.date) -> list[dict]:
    """Overdue responsable parts by group × institution, with aging buckets (one query)."""
    buckets = {}
    for key, first, last in AGING:
        q = Q(acuerdo__due_date__lte=day - datetime.timedelta(days=first))
        if last is not None:
            q &= Q(acuerdo__due_date__gte=day - datetime.timedelta(days=last))
        buckets[key] = Count("pk", filter=q)
    return list(
        _overdue_parts(groups, day)
        .values("acuerdo__group_id", "acuerdo__group__acronym", "institution_id",
                "institution__acronym")
        .annotate(total=Count("pk"), **buckets)
        .order_by("acuerdo__group__acronym", "-total", "institution__acronym")
    )


def group_summary(groups, day: datetime.date) -> list[dict]:
    """Per followed group: overdue, falling due in 7 and 30 days, reports awaiting validation,
    pending due date requests (three queries whatever the number of groups)."""
    in7, in30 = day + datetime.timedelta(days=7), day + datetime.timedelta(days=30)
    open_resp = open_part_q() & Q(role=RESPONSABLE)
    counts = {
        row["acuerdo__group_id"]: row
        for row in Responsibility.objects.reportable().filter(acuerdo__group__in=groups)
        .filter(open_resp | Q(status=Responsibility.Status.REPORTED))
        .values("acuerdo__group_id")
        .annotate(
            overdue=Count("pk", filter=open_resp & Q(acuerdo__due_date__lt=day)),
            next_7=Count("pk", filter=open_resp & Q(acuerdo__due_date__gte=day,
                                                    acuerdo__due_date__lte=in7)),
            next_30=Count("pk", filter=open_resp & Q(acuerdo__due_date__gte=day,
                                                     acuerdo__due_date__lte=in30)),
            # resp_reported_idx
            reported=Count("pk", filter=Q(status=Responsibility.Status.REPORTED)),
        )
        .order_by()
    }
    # date_request_one_pending_per_part (partial on state='pending')
    requests = dict(
        DueDateRequest.objects.filter(
            adopted_q("responsibility__acuerdo__"),
            state=DueDateRequest.State.PENDING, responsibility__acuerdo__group__in=groups
        ).values("responsibility__acuerdo__group_id")
        .annotate(n=Count("pk")).order_by().values_list("responsibility__acuerdo__group_id", "n")
    )
    empty = {"overdue": 0, "next_7": 0, "next_30": 0, "reported": 0}
    return [
        {"group": group, **{k: counts.get(group.pk, empty)[k] for k in empty},
         "date_requests": requests.get(group.pk, 0)}
        for group in groups.order_by("acronym")
    ]


# --- Compliance ----------------------------------------------------------------------------------

def _rate(fulfilled, adopted, cancelled):
    base = adopted - cancelled
    return round(100 * fulfilled / base, 1) if base else None


def compliance_by_group(groups, start, end, day) -> list[dict]:
    """Acuerdos adopted in sessions held in [start, end], by their status today (one query)."""
    S = Acuerdo.Status
    rows = (
        Acuerdo.objects.adopted()
        .filter(group__in=groups, session__date__gte=start, session__date__lte=end)
        .with_status(day)
        .values("group_id", "group__acronym", "group__name")
        .annotate(
            adopted=Count("pk"),
            fulfilled=Count("pk", filter=Q(status_value=S.FULFILLED)),
            in_process=Count("pk", filter=Q(status_value__in=[S.PENDING, S.IN_PROGRESS])),
            overdue=Count("pk", filter=Q(status_value=S.OVERDUE)),
            cancelled=Count("pk", filter=Q(status_value=S.CANCELLED)),
        )
        .order_by("group__acronym")
    )
    return [{**r, "rate": _rate(r["fulfilled"], r["adopted"], r["cancelled"])} for r in rows]


def compliance_by_institution(groups, start, end, day) -> list[dict]:
    """The same figures for each institution's responsable parts (one query)."""
    cancelled = Q(acuerdo__cancelled_at__isnull=False)
    active = Q(acuerdo__cancelled_at__isnull=True)
    rows = (
        Responsibility.objects.reportable().filter(
            role=RESPONSABLE, acuerdo__group__in=groups,
            acuerdo__session__date__gte=start, acuerdo__session__date__lte=end,
        )
        .values("institution_id", "institution__acronym", "institution__name")
        .annotate(
            adopted=Count("pk"),
            fulfilled=Count("pk", filter=active & Q(status=FULFILLED)),
            overdue=Count("pk", filter=open_part_q() & Q(acuerdo__due_date__lt=day)),
            in_process=Count("pk", filter=open_part_q() & (
                Q(acuerdo__due_date__gte=day) | Q(acuerdo__due_date__isnull=True))),
            cancelled=Count("pk", filter=cancelled),
        )
        .order_by("institution__acronym")
    )
    return [{**r, "rate": _rate(r["fulfilled"], r["adopted"], r["cancelled"])} for r in rows]
