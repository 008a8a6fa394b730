"""The acuerdo list as plain rows: values() over the selectors' queries and a row builder giving
exactly what AcuerdoSerializer gives (the serializer stays for the OpenAPI schema and the detail;
tests/test_api_fast_rows.py compares the two field by field on a varied data set). A page of 100
builds no model instance: about 5× less Python per request (bench/baseline.py)."""

import datetime

from django.db import connection
from django.utils import timezone

from agreements.models import Acuerdo, derived_status
from meetings.models import AgendaPresenter, Session

from . import selectors, times

ACUERDO_COLUMNS = (
    "id", "number", "text", "group_id", "group__acronym", "session_id", "session__number",
    "session__type", "session__date", "session__status", "session__revision",
    "session__minuta_status", "due_date", "all_institutions", "kind", "cancelled_stamp",
    "created_stamp", "created_at", "due",  # the cursor's sort keys: id, created_at, due
)


class _SessionFacts:
    """What Session.code and Session.acuerdos_provisional read, from a row (their rules, not a
    copy of them)."""

    Status = Session.Status
    MinutaStatus = Session.MinutaStatus
    __slots__ = ("number", "type", "status", "revision", "minuta_status")

    def __init__(self, row):
        self.number = row["session__number"]
        self.type = row["session__type"]
        self.status = row["session__status"]
        self.revision = row["session__revision"]
        self.minuta_status = row["session__minuta_status"]


_code = Session.code.fget
_provisional = Session.acuerdos_provisional.fget


_SORT_KEYS = ("created_at", "due")


def acuerdo_values(acuerdos, *, cursor_key=None):
    """The filtered, ordered list as dicts (status_value too when a filter computed it).
    cursor_key: the one sort key the cursor reads from the rows (the ordering's first field;
    api.planned knows it), the other sort keys left out: nothing else reads them."""
    columns = ACUERDO_COLUMNS
    if cursor_key is not None:
        columns = tuple(c for c in columns if c not in _SORT_KEYS or c == cursor_key)
    if "status_value" in acuerdos.query.annotations:
        columns += ("status_value",)
    return acuerdos.values(*columns)


def acuerdo_row_of(acuerdo: Acuerdo) -> dict:
    """What acuerdo_values gives for one acuerdo, from an instance read with its session and group
    (tracker.access.access_acuerdo): the detail needs no second read of the acuerdo."""
    session = acuerdo.session
    return {
        "id": acuerdo.pk, "number": acuerdo.number, "text": acuerdo.text,
        "group_id": acuerdo.group_id, "group__acronym": acuerdo.group.acronym,
        "session_id": acuerdo.session_id, "session__number": session.number,
        "session__type": session.type, "session__date": session.date,
        "session__status": session.status, "session__revision": session.revision,
        "session__minuta_status": session.minuta_status, "due_date": acuerdo.due_date,
        "all_institutions": acuerdo.all_institutions, "kind": acuerdo.kind,
        "cancelled_stamp": acuerdo.cancelled_at, "created_stamp": acuerdo.created_at,
    }


def history_rows(events) -> list[dict]:
    """AcuerdoEventSerializer(events, many=True).data for events read with their actor."""
    tz = timezone.get_current_timezone()
    out = []
    for event in events:
        at = event.at.astimezone(tz).isoformat()
        out.append({
            "id": event.pk, "kind": event.kind,
            "at": at[:-6] + "Z" if at.endswith("+00:00") else at,
            "actor": event.actor.get_username() if event.actor_id else None,
            "responsibility": event.responsibility_id, "old_value": event.old_value,
            "new_value": event.new_value, "note": event.note,
        })
    return out


def acuerdo_rows(page: list[dict], *, today: datetime.date) -> list[dict]:
    """AcuerdoSerializer(page, many=True).data, from the rows of acuerdo_values (+1 query: parts).
    What repeats on a page is built once and shared: a session's reference and its "provisional"
    (its acuerdos share them), an institution's reference (its parts share it). The JSON is the
    same; nothing changes these dicts after. The parts are plain tuples (selectors.
    LIST_PART_COLUMNS), unpacked once each: an enlace's page of 100 carries ~800 of them."""
    parts_of: dict[int, list] = {row["id"]: [] for row in page}
    for part in selectors.acuerdo_list_parts(list(parts_of)) if page else ():
        parts_of[part[1]].append(part)
    iso, part_iso = _iso_functions(timezone.get_current_timezone())
    sessions: dict[int, tuple] = {}
    institutions: dict[int, dict] = {}
    out = []
    for row in page:
        session = sessions.get(row["session_id"])
        if session is None:
            facts = _SessionFacts(row)
            session = sessions[row["session_id"]] = (
                {"id": row["session_id"], "code": _code(facts),
                 "date": row["session__date"].isoformat()},
                _provisional(facts))
        responsibilities = []
        roles_statuses = []
        for part_id, acuerdo_id, institution_id, role, status, acronym, stamp in parts_of[row["id"]]:
            institution = institutions.get(institution_id)
            if institution is None:
                institution = institutions[institution_id] = {
                    "id": institution_id, "acronym": acronym}
            responsibilities.append({
                "id": part_id,
                "acuerdo": acuerdo_id,
                "institution": institution,
                "role": role,
                "status": status,
                "updated_at": part_iso(stamp),
            })
            roles_statuses.append((role, status))
        due_date, cancelled = row["due_date"], row["cancelled_stamp"]
        out.append({
            "id": row["id"],
            "number": row["number"],
            "text": row["text"],
            "group": {"id": row["group_id"], "acronym": row["group__acronym"]},
            "session": session[0],
            "due_date": due_date.isoformat() if due_date is not None else None,
            "status": row.get("status_value") or derived_status(
                cancelled=cancelled is not None, informational=row["kind"] == _INFORMATIONAL,
                due_date=due_date, day=today, parts=roles_statuses),
            "provisional": session[1],
            "all_institutions": row["all_institutions"],
            "kind": row["kind"],
            "cancelled_at": iso(cancelled) if cancelled is not None else None,
            "created_at": iso(row["created_stamp"]),
            "responsibilities": responsibilities,
        })
    return out


_INFORMATIONAL = Acuerdo.Kind.INFORMATIONAL


def _iso_functions(tz):
    """DRF's DateTimeField (local time, "Z" for UTC) for the timestamps as a page reads them: an
    acuerdo's, epoch microseconds (selectors.stamp, PostgreSQL) through api.times or a datetime
    (SQLite; an instance's, acuerdo_row_of) through its isoformat(); and a part's, always what
    acuerdo_list_parts reads (epoch microseconds on PostgreSQL: no check per part)."""
    local = times.local_iso(tz)

    def iso(value) -> str:
        if value.__class__ is int:
            return local(value)
        text = value.astimezone(tz).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return iso, (local if connection.vendor == "postgresql" else iso)


def _ref(obj):
    return None if obj is None else {"id": obj.pk, "acronym": obj.acronym}


def _date(value):
    return value.isoformat() if value else None


def group_detail_row(group, members=None):
    """GroupDetailSerializer's output for a group read by selectors.group_detail (parent, convening
    institution and memberships with their institution already loaded; or `members`, the rows
    api.planned reads apart), without building the serializer's fields on every request
    (tests/test_api_fast_rows.py compares the two)."""
    return {
        "id": group.pk,
        "acronym": group.acronym,
        "name": group.name,
        "parent": _ref(group.parent),
        "convening_institution": _ref(group.convening_institution),
        "convening_unit": group.convening_unit,
        "drafting_unit": group.drafting_unit,
        "created_on": _date(group.created_on),
        "number_pattern": group.number_pattern,
        "members": [
            {"institution": _ref(m.institution), "joined_on": _date(m.joined_on),
             "left_on": _date(m.left_on)}
            for m in group.memberships.all()
        ] if members is None else [
            {"institution": {"id": m.institution_id, "acronym": m.institution__acronym},
             "joined_on": _date(m.joined_on), "left_on": _date(m.left_on)}
            for m in members
        ],
    }


class _PresenterFacts:
    """What AgendaPresenter.label reads, from a row of api.planned's presenters."""

    __slots__ = ("text", "attendance", "name", "cargo")

    def __init__(self, row):
        self.text, self.name, self.cargo = row.text, row.attendance__name, row.attendance__cargo
        self.attendance = self  # label reads attendance.name and attendance.cargo


_label = AgendaPresenter.label.fget


def _time(value):
    return value.isoformat() if value is not None else None


def session_detail_row(session, attendances, items, presenters) -> dict:
    """SessionDetailSerializer's output from api.planned.planned_session_detail's rows, without
    building the serializer's ~60 fields on every request (tests/test_api_planned.py compares the
    bytes with the serializer's)."""
    presenters_of: dict[int, list] = {item.id: [] for item in items}
    for p in presenters:
        presenters_of[p.item_id].append(
            {"attendance": p.attendance_id, "text": p.text, "label": _label(_PresenterFacts(p))})
    return {
        "id": session.id,
        "group": {"id": session.group_id, "acronym": session.group__acronym},
        "code": _code(session),
        "number": session.number,
        "type": session.type,
        "title": session.title,
        "subject": session.subject,
        "date": session.date.isoformat(),
        "start_time": session.start_time.isoformat(),
        "end_time": _time(session.end_time),
        "modality": session.modality,
        "place": session.place,
        "state": session.state,
        "objective": session.objective,
        "convoca": None if session.convoca_id is None else {
            "id": session.convoca_id, "acronym": session.convoca__acronym},
        "status": session.status,
        "minuta_status": session.minuta_status,
        "revision": session.revision,
        "video_url": session.video_url,
        "meeting_id": session.meeting_id,
        "passcode": session.passcode,
        "video_details": session.video_details,
        "attendance": [
            {"id": a.id, "person": a.person_id, "name": a.name, "cargo": a.cargo,
             "institution": {"id": a.institution_id, "acronym": a.institution__acronym},
             "present": a.present, "order": a.order}
            for a in attendances
        ],
        "agenda": [
            {"id": item.id, "order": item.order, "start_time": _time(item.start_time),
             "end_time": _time(item.end_time), "activity": item.activity,
             "narrative": item.narrative, "presenters": presenters_of[item.id]}
            for item in items
        ],
    }
