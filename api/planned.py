"""The API's reads compiled once per shape (issue 17). Building the scoped, annotated, ordered
values() queryset and compiling it cost more CPU per request than PostgreSQL spent running it.
`planned_acuerdo_values(user, params)` stands in for AcuerdoFilter over
`rows.acuerdo_values(acuerdo_list_plain(user))` before DRF's cursor pagination: it records what
the pagination does to it (order_by, a filter by the cursor's position, the slice) and, when
listed, runs the SQL the ORM compiled for that shape (tracker.compiled) with this request's
values. The shape: who (staff; or which of followed groups and enlace institution a user has),
the filters asked for (the value of status and overdue; the others' values and today are
parameters), the ordering, the position's comparison, offset and page size. A position on another
key than id gets the ORM's queryset built as before; a filter value AcuerdoFilter refuses, the
FilterSet itself (its 400). The details' reads (acuerdo with its history, group, session) are
compiled the same way, per shape of the reader's scope. tests/test_api_planned.py compares every
one with the ORM's path."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django_filters.constants import EMPTY_VALUES

from agreements.models import Acuerdo, AcuerdoEvent
from meetings.models import AgendaItem, AgendaPresenter, Attendance, Membership, Session, WorkingGroup
from tracker import access
from tracker.compiled import MARKERS, Compiled
from tracker.lookups import IdArray

from . import rows, selectors
from .filters import AcuerdoFilter

_GROUPS = IdArray.of([MARKERS[0]])
_INSTITUTION, _POSITION = MARKERS[1], MARKERS[2]
_PLANS: dict = {}
_MAX_PLANS = 512  # offsets and page sizes vary; a bound keeps a worker's memory flat


def _who(user):
    """The shape of a user's scope and its values: (who, args, followed group ids, enlace
    institution), or None where there is no plan (not PostgreSQL; no scope at all)."""
    if connection.vendor != "postgresql" or not user.is_authenticated:
        return None
    if user.is_staff:
        return ("staff",), (), None, None
    group_ids = access.followed_group_ids(user)
    institution = access.enlace_institution(user)
    if not group_ids and institution is None:
        return None
    who = ("scoped", bool(group_ids), institution is not None)
    args = ((IdArray.of(group_ids),) if group_ids else ()) + (
        (institution.pk,) if institution is not None else ())
    return who, args, group_ids, institution


def planned_acuerdo_values(user, params=None):
    """A PlannedAcuerdos for the user's list with the filters asked for in `params` (the query
    string), or the ORM's values() queryset where there is no plan and no filter; None where a
    filter is asked for and there is no plan (not PostgreSQL; no scope) or a value is invalid:
    the caller then filters through AcuerdoFilter (its 400s)."""
    asked = params is not None and AcuerdoFilter.base_filters.keys() & params.keys()
    filters = _filters(params) if asked else ((), ())
    shape = _who(user)
    if shape is None or filters is None:
        if filters is None or filters[0]:
            return None
        return rows.acuerdo_values(selectors.acuerdo_list_plain(user, today=None))
    who, args, group_ids, institution = shape
    return PlannedAcuerdos(who, args, filters=filters, group_ids=group_ids,
                           institution=institution)


# AcuerdoFilter's filters whose value is a parameter of the SQL, with the value each is built
# with; the others (status, overdue) shape the SQL with their value, which keys the plan.
_PARAM_FILTERS = {"group": MARKERS[3], "session": MARKERS[4], "institution": MARKERS[5],
                  "due_after": datetime.date(1, 1, 2), "due_before": datetime.date(1, 1, 3)}
_TODAY = datetime.date(1, 1, 4)
_FORM: list = []


def _filters(params):
    """The filters of AcuerdoFilter asked for in `params` as (shape, values): shape a tuple of
    (name, its value where it shapes the SQL, else None), in the FilterSet's order; values the
    parameters' values in that order, and the day of the derived status last where a filter
    reads it. None when a value does not validate. Each value goes through the FilterSet's own
    form field as the form would take it (widget, then clean), a form built once; what does not
    validate gets None and the FilterSet's own 400."""
    if not _FORM:
        _FORM.append(AcuerdoFilter().form.fields)
    shape, values, derived = [], [], False
    for name, field in _FORM[0].items():
        if name not in params:
            continue  # absent: the form cleans it to an empty value, which filters nothing
        try:
            value = field.clean(field.widget.value_from_datadict(params, {}, name))
        except ValidationError:
            return None
        if value in EMPTY_VALUES:  # what django-filter's Filter.filter skips
            continue
        if name in _PARAM_FILTERS:
            shape.append((name, None))
            values.append(value)
        else:
            shape.append((name, value))
            derived = True
    if derived:
        values.append(timezone.localdate())
    return tuple(shape), tuple(values)


def _filtered(queryset, shape, values):
    """queryset through AcuerdoFilter's filters as its FilterSet applies them (in its order),
    with these values (the real ones, or markers)."""
    if not shape:
        return queryset
    filterset = AcuerdoFilter(queryset=queryset)
    values = list(values)
    if any(name not in _PARAM_FILTERS for name, _ in shape):
        filterset.today = values.pop()
    values = iter(values)
    for name, constant in shape:
        value = next(values) if name in _PARAM_FILTERS else constant
        queryset = filterset.filters[name].filter(queryset, value)
    return queryset


_BIGINT = range(-2**63, 2**63)


def _url_pk(value) -> int:
    """The URL's id as the ORM's pk lookup reads it; Http404 for what is no id (as the ORM's
    ValueError, or PostgreSQL's overflow of a bigint, became in access_*)."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if pk not in _BIGINT:
        raise Http404
    return pk
_SEEN: dict = {}


def planned_access_acuerdo(user, acuerdo_id) -> Acuerdo:
    """access.access_acuerdo(user, acuerdo_id) for reading (the acuerdo with its session and
    group; Http404 outside the user's scope), its SQL compiled once per shape of scope."""
    shape = _who(user)
    if shape is None:
        return access.access_acuerdo(user, acuerdo_id)
    who, args, _group_ids, _institution = shape
    pk = _url_pk(acuerdo_id)
    plan = _SEEN.get(who)
    if plan is None:
        markers = PlannedAcuerdos(who, args)._markers()[:-1] + (_POSITION,)

        def build(*markers):
            return (_scope(who, markers[:-1]).select_related("session", "group")
                    .filter(pk=markers[-1]))

        plan = _SEEN[who] = Compiled(build, model=Acuerdo, instances=True, markers=markers)
    found = plan(*args, pk)
    if not found:
        raise Http404
    return found[0]


def _scope(who, args):
    if who[0] == "staff":
        return Acuerdo.objects.adopted()
    _, has_groups, has_institution = who
    return access.acuerdos_in_scope(args[0] if has_groups else [],
                                    args[-1] if has_institution else None)


class PlannedAcuerdos:
    """The calls DRF's CursorPagination makes on a queryset, recorded; listed through a plan.
    `filters`: (shape, values) of _filters."""

    def __init__(self, who, args, *, filters=((), ()), group_ids=None, institution=None,
                 ordering=None, position=None, window=None):
        self.who, self.args, self.filters = who, args, filters
        self._group_ids, self._institution = group_ids, institution
        self.ordering, self.position, self.window = ordering, position, window

    def _with(self, **changes):
        state = {"ordering": self.ordering, "position": self.position, "window": self.window,
                 "filters": self.filters, "group_ids": self._group_ids,
                 "institution": self._institution, **changes}
        return PlannedAcuerdos(self.who, self.args, **state)

    def orm(self):
        """The ORM's queryset for what was recorded so far (the list as built before plans)."""
        if self.who[0] == "staff":
            scoped = Acuerdo.objects.adopted()
        else:
            scoped = access.acuerdos_in_scope(self._group_ids, self._institution)
        queryset = rows.acuerdo_values(
            _filtered(selectors.acuerdo_scoped_plain(scoped), *self.filters))
        if self.ordering is not None:
            queryset = queryset.order_by(*self.ordering)
        if self.position is not None:
            queryset = queryset.filter(**{self.position[0]: self.position[1]})
        if self.window is not None:
            queryset = queryset[self.window[0]:self.window[1]]
        return queryset

    # What CursorPagination and OrderingFilter call.
    def order_by(self, *fields):
        return self._with(ordering=tuple(fields), position=None, window=None)

    def filter(self, *args, **kwargs):
        if not args and len(kwargs) == 1 and self.window is None and self.position is None:
            (key, value), = kwargs.items()
            if key in ("id__gt", "id__lt"):
                try:
                    return self._with(position=(key, int(value)))
                except (TypeError, ValueError):
                    pass
        return self.orm().filter(*args, **kwargs)

    def __getitem__(self, window):
        if (isinstance(window, slice) and self.window is None and window.step is None
                and isinstance(window.start, int) and isinstance(window.stop, int)
                and 0 <= window.start < window.stop):
            return self._with(window=(window.start, window.stop))
        return self.orm()[window]

    def __iter__(self):
        if self.window is None or self.ordering is None:
            return iter(self.orm())
        key = (self.who, self.filters[0], self.ordering, self.position and self.position[0],
               self.window)
        plan = _PLANS.get(key)
        if plan is None:
            if len(_PLANS) >= _MAX_PLANS:
                _PLANS.clear()
            plan = _PLANS[key] = Compiled(self._build(key), model=Acuerdo, dicts=True,
                                          markers=self._markers())
        args = self.args + self.filters[1] + ((self.position[1],) if self.position else ())
        return iter(plan(*args))

    def _scope_markers(self):
        who = self.who
        return () if who[0] == "staff" else (
            ((_GROUPS,) if who[1] else ()) + ((_INSTITUTION,) if who[2] else ()))

    def _markers(self):
        return self._scope_markers() + _filter_markers(self.filters[0]) + (_POSITION,)

    def _build(self, key):
        who, shape, ordering, position_key, (start, stop) = key
        n_scope, n_filter = len(self._scope_markers()), len(_filter_markers(shape))

        def build(*markers):
            scoped = _scope(who, markers[:n_scope])
            queryset = _filtered(selectors.acuerdo_scoped_plain(scoped), shape,
                                 markers[n_scope:n_scope + n_filter])
            queryset = rows.acuerdo_values(queryset, cursor_key=ordering[0].lstrip("-"))
            queryset = queryset.order_by(*ordering)
            if position_key:
                queryset = queryset.filter(Q(**{position_key: markers[-1]}))
            return queryset[start:stop]

        return build


def _filter_markers(shape):
    markers = tuple(_PARAM_FILTERS[name] for name, _ in shape if name in _PARAM_FILTERS)
    if any(name not in _PARAM_FILTERS for name, _ in shape):
        markers += (_TODAY,)
    return markers


def _reader(user):
    """A detail's shape of scope and its values: staff, or a user with or without an enlace
    institution (the user's id, then the institution's)."""
    if user.is_staff:
        return "staff", ()
    institution = access.enlace_institution(user)
    if institution is None:
        return ("scoped", False), (user.pk,)
    return ("scoped", True), (user.pk, institution.pk)


_HISTORY: dict = {}


def planned_acuerdo_history(user, acuerdo: Acuerdo):
    """selectors.acuerdo_history(user, acuerdo), its SQL compiled once per shape of the reader's
    scope of the history (access.acuerdo_events_scope): staff (every row), or a user with or
    without an enlace institution (the acuerdo's own rows, its group's if they follow it, their
    institution's parts)."""
    if connection.vendor != "postgresql" or not user.is_authenticated:
        return selectors.acuerdo_history(user, acuerdo)
    who, args = _reader(user)
    if who != "staff":
        args = (acuerdo.group_id, *args)
    plan = _HISTORY.get(who)
    if plan is None:
        def build(acuerdo_id, *markers):
            if who == "staff":
                return selectors.acuerdo_history(user, Acuerdo(pk=acuerdo_id))
            scope = access.acuerdo_events_in_scope(markers[1], markers[0],
                                                   markers[2] if who[1] else None)
            return selectors.acuerdo_history_in(acuerdo_id, scope)

        plan = _HISTORY[who] = Compiled(build, model=AcuerdoEvent, instances=True)
    return plan(acuerdo.pk, *args)


_GROUP: dict = {}


def planned_group_detail(user, group_id):
    """selectors.group_detail(user, group_id) (access.access_group: Http404 outside the scope) as
    (group with parent and convening institution, its memberships' rows with their institution's
    acronym), both
    queries compiled once per shape of scope: staff, or a user with or without an enlace
    institution. The memberships' query is the prefetch's own (group_id IN (…), its ordering)."""
    if connection.vendor != "postgresql" or not user.is_authenticated:
        group = selectors.group_detail(user, group_id)
        return group, None
    who, args = _reader(user)
    pk = _url_pk(group_id)
    plans = _GROUP.get(who)
    if plans is None:
        def build(*markers):
            if who == "staff":
                scope = WorkingGroup.objects.all()
            else:
                scope = access.groups_in_scope(markers[0], markers[1] if who[1] else None)
            return scope.select_related("parent", "convening_institution").filter(pk=markers[-1])

        plans = _GROUP[who] = (
            Compiled(build, model=WorkingGroup, instances=True),
            # The prefetch's query (its filter and ordering), as rows: no model instances.
            Compiled(lambda gid: Membership.objects.filter(group__in=[gid]).values_list(
                "institution_id", "institution__acronym", "joined_on", "left_on", named=True),
                model=Membership, named=True))
    found = plans[0](*args, pk)
    if not found:
        raise Http404
    return found[0], plans[1](pk)


_SESSION: dict = {}
SESSION_COLUMNS = (
    "id", "group_id", "group__acronym", "number", "type", "title", "subject", "date",
    "start_time", "end_time", "modality", "place", "state", "objective", "convoca_id",
    "convoca__acronym", "status", "minuta_status", "revision", "video_url", "meeting_id",
    "passcode", "video_details",
)
_ATTENDANCE = Compiled(
    lambda sid: Attendance.objects.filter(session_id=sid).order_by("order", "id").values_list(
        "id", "person_id", "name", "cargo", "institution_id", "institution__acronym", "present",
        "order", named=True), model=Attendance, named=True)
_AGENDA = Compiled(
    lambda sid: AgendaItem.objects.filter(session_id=sid).order_by("order").values_list(
        "id", "order", "start_time", "end_time", "activity", "narrative", named=True),
    model=AgendaItem, named=True)
# A presenter's participant read with it (their name and cargo make the label).
_PRESENTERS = Compiled(
    lambda sid: AgendaPresenter.objects.filter(item__session_id=sid)
    .order_by("item_id", "order", "id").values_list(
        "item_id", "attendance_id", "text", "attendance__name", "attendance__cargo", named=True),
    model=AgendaPresenter, named=True)


def planned_session_detail(user, session_id):
    """selectors.session_detail(user, session_id) (access.access_session: Http404 outside the
    scope) as plain rows: (the session with its group's acronym and its convener's, its
    attendances, its agenda items, their presenters), each query compiled once, the access check
    once per shape of scope (staff, or a user with or without an enlace institution). The
    attendances, items and presenters come in the order the prefetches gave within one session
    (their models' orderings). None where there is no plan (not PostgreSQL): the caller reads
    through selectors.session_detail."""
    if connection.vendor != "postgresql" or not user.is_authenticated:
        return None
    who, args = _reader(user)
    pk = _url_pk(session_id)
    plan = _SESSION.get(who)
    if plan is None:
        def build(*markers):
            if who == "staff":
                scope = Session.objects.all()
            else:
                scope = access.sessions_in_scope(markers[0], markers[1] if who[1] else None)
            return scope.filter(pk=markers[-1]).order_by().values_list(*SESSION_COLUMNS,
                                                                       named=True)

        plan = _SESSION[who] = Compiled(build, model=Session, named=True)
    found = plan(*args, pk)
    if not found:
        raise Http404
    items = _AGENDA(pk)
    return found[0], _ATTENDANCE(pk), items, _PRESENTERS(pk) if items else []
