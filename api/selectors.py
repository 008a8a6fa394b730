"""Reads of the API: scoped by tracker.access, shaped so the query count of a page is constant."""

import datetime

from django.db import connection
from django.db.models import BigIntegerField, Count, F, Func, Prefetch, QuerySet
from django.db.models.functions import Coalesce

from agreements.models import Acuerdo, AcuerdoEvent, Responsibility
from tracker import access
from tracker.compiled import MARKERS, Compiled
from tracker.lookups import IdArray, ids_in
from meetings.models import AgendaItem, Attendance, Membership, Session

FAR_FUTURE = datetime.date(9999, 12, 31)
# What a list shows of each responsibility (an enlace's page of 100 carries ~800 of them).
PART_FIELDS = (
    "id", "acuerdo_id", "institution_id", "role", "status", "updated_at", "institution__acronym",
)
# The columns of acuerdo_list_parts' rows, plain tuples in this order (api.rows unpacks them: a
# named tuple per part cost more than its dict).
LIST_PART_COLUMNS = (*(f for f in PART_FIELDS if f != "updated_at"), "updated_stamp")


def _with_sort_key(acuerdos: QuerySet[Acuerdo]) -> QuerySet[Acuerdo]:
    # Sort key for ?ordering=due: acuerdos without a due date last (a cursor needs non-null).
    return acuerdos.annotate(due=Coalesce("due_date", FAR_FUTURE))


def _acuerdo_rows(acuerdos: QuerySet[Acuerdo]) -> QuerySet[Acuerdo]:
    """What a row of the API shows: group, session and parts, in a fixed number of queries.
    No with_status here: the status comes from Acuerdo.status_on over the prefetched parts (same
    rule, no SQL); filters by status add with_status themselves."""
    return (
        _with_sort_key(acuerdos)
        .select_related("group", "session")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                Responsibility.objects.select_related("institution")
                .only(*PART_FIELDS).order_by("role", "id"),
            )
        )
    )


def acuerdo_list(user, *, today: datetime.date) -> QuerySet[Acuerdo]:
    return _acuerdo_rows(access.acuerdos_visible_to(user))


class EpochMicroseconds(Func):
    """A timestamp as whole microseconds since 1970-01-01 UTC. Read as an integer it skips the
    datetime loader, which was a third of the list's Python time (800 timestamps in an enlace's page
    of 100); api.times turns it into the same local ISO text."""

    template = "(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint"
    output_field = BigIntegerField()

    @property
    def convert_value(self):
        # A ::bigint comes back from psycopg as an int: Django's int() per row would only copy
        # every row of the page and of its ~800 parts into a list to call it.
        return self._convert_value_noop


def stamp(field: str):
    """`field` as EpochMicroseconds on PostgreSQL; the datetime itself elsewhere (SQLite)."""
    return EpochMicroseconds(field) if connection.vendor == "postgresql" else F(field)


def acuerdo_list_plain(user, *, today: datetime.date) -> QuerySet[Acuerdo]:
    """The list's acuerdos for api.rows (values(), no model instances): the same scope, sort key and
    queries as acuerdo_list, the parts read apart by acuerdo_list_parts."""
    return acuerdo_scoped_plain(access.acuerdos_visible_to(user))


def acuerdo_scoped_plain(acuerdos: QuerySet[Acuerdo]) -> QuerySet[Acuerdo]:
    """acuerdo_list_plain over a scope already chosen (api.planned builds it with marker values)."""
    return _with_sort_key(acuerdos).annotate(
        created_stamp=stamp("created_at"), cancelled_stamp=stamp("cancelled_at"))


def acuerdo_list_parts(acuerdo_ids: list[int]):
    """The parts of a page of acuerdos, as acuerdo_list's prefetch reads them (one query), as
    tuples of LIST_PART_COLUMNS. The ids as one array parameter (tracker.lookups.ids_in): a page
    of 100 in an IN (…) list cost more Python to bind than the query takes."""
    if connection.vendor == "postgresql":  # one parameter whatever the page's size
        return _list_parts(IdArray.of(acuerdo_ids))
    return _list_parts_queryset(acuerdo_ids)


def _list_parts_queryset(acuerdo_ids):
    return (
        Responsibility.objects.filter(ids_in("acuerdo_id", acuerdo_ids)).order_by("role", "id")
        .annotate(updated_stamp=stamp("updated_at"))
        .values_list(*LIST_PART_COLUMNS)
    )

# Compiled once (tracker.compiled): building it was a third of the list's ORM time (issue 17).
_list_parts = Compiled(_list_parts_queryset, model=Responsibility,
                       markers=[IdArray.of([MARKERS[0]])])


def acuerdo_history(user, acuerdo: Acuerdo) -> QuerySet[AcuerdoEvent]:
    """The history rows a reader sees (tracker.access), with their authors, oldest first."""
    return acuerdo_history_in(acuerdo, access.acuerdo_events_scope(user, acuerdo))


def acuerdo_history_in(acuerdo, scope):
    """acuerdo_history with the reader's scope (a Q) already chosen (an acuerdo or its id;
    api.planned builds it with marker values)."""
    return (AcuerdoEvent.objects.filter(acuerdo=acuerdo).filter(scope)
            .select_related("actor").order_by("at", "id"))


def acuerdo_detail(user, acuerdo_id, *, today: datetime.date) -> Acuerdo:
    acuerdo = access.access_acuerdo(user, acuerdo_id)  # 404 outside the user's scope
    return (
        _acuerdo_rows(Acuerdo.objects.filter(pk=acuerdo.pk))
        .prefetch_related(
            # Another institution's follow-up never reaches an enlace (tracker.access).
            Prefetch("events", AcuerdoEvent.objects.filter(access.acuerdo_events_scope(
                user, acuerdo)).select_related("actor").order_by("at", "id"))
        )
        .get()
    )


def acuerdo_figures(acuerdos: QuerySet[Acuerdo], *, today: datetime.date) -> dict:
    """Counts by derived status and the compliance rate of a scoped, maybe filtered set."""
    if "status_value" not in acuerdos.query.annotations:
        acuerdos = acuerdos.with_status(today)
    rows = (
        acuerdos.order_by().values("status_value").annotate(n=Count("id"))
        .values_list("status_value", "n")
    )
    counts = {status: 0 for status in Acuerdo.Status.values}
    counts.update(dict(rows))
    total = sum(counts.values())
    counted = total - counts[Acuerdo.Status.CANCELLED]
    return {
        "as_of": today,
        "total": total,
        **counts,
        "compliance_rate": round(counts[Acuerdo.Status.FULFILLED] / counted, 4) if counted else None,
    }


def group_list(user):
    return access.groups_visible_to(user).select_related("parent", "convening_institution")


def group_detail(user, group_id):
    # The access check reads the group with what its representation shows (one query, then the
    # members), instead of checking and reading the group again.
    return access.access_group(
        user, group_id, select=("parent", "convening_institution"),
        prefetch=(Prefetch("memberships", Membership.objects.select_related("institution")),),
    )


def session_list(user):
    # Draft and in-review minutas only for the group's secretariat, reviewers and staff.
    return access.sessions_visible_to(user).select_related("group", "convoca")


def session_detail(user, session_id):
    # As group_detail: the access check's own read carries the representation's joins.
    return access.access_session(
        user, session_id, select=("convoca",),
        prefetch=(
            Prefetch("attendances", Attendance.objects.select_related("institution")),
            Prefetch(
                "agenda_items",
                AgendaItem.objects.prefetch_related("presenters__attendance"),
            ),
        ),
    )


def responsibility_list(user):
    return access.responsibilities_visible_to(user).select_related("institution")


def people_list(user):
    return access.people_visible_to(user).select_related("institution")




# --- Follow-up: progress reports with evidence, due-date requests --------------------------------

def _report_rows(reports):
    # report_part_created_idx serves the per-part lookups; evidence is one prefetch per page.
    return reports.select_related(
        "responsibility__acuerdo", "responsibility__institution", "actor", "reviewed_by"
    ).prefetch_related("evidence")


def report_list(user):
    return _report_rows(access.progress_reports_visible_to(user))


def report_detail(report):
    """A report already found through tracker.access, with what its representation shows."""
    return _report_rows(type(report).objects.filter(pk=report.pk)).get()


def _date_request_rows(requests):
    return requests.select_related(
        "responsibility__acuerdo", "responsibility__institution", "requested_by", "decided_by"
    )


def date_request_list(user):
    return _date_request_rows(access.due_date_requests_visible_to(user))


def date_request_detail(request):
    return _date_request_rows(type(request).objects.filter(pk=request.pk)).get()
