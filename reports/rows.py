"""The rows behind one figure of the Informe ("188 sesiones" → those 188 sessions): the same
querysets as the selectors, narrowed by one breakdown key."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Responsibility
from meetings.models import Attendance, Session

from . import selectors as s

KINDS = ("sessions", "acuerdos", "attendance")

# (kind, filter name) → how the filter narrows the kind's queryset.
SESSION_FILTERS = {
    "status": lambda v: Q(status=v),
    "type": lambda v: Q(type=v),
    "modality": lambda v: Q(modality=v),
    "scope": lambda v: Q(scope=v),
    "venue": lambda v: Q(venue_id=v),
    "state": lambda v: Q(st=v),
    "country": lambda v: Q(ctry=v),
    "group": lambda v: Q(group_id=v),
    "theme": lambda v: s._themes_q([v]),
    "month": lambda v: Q(date__startswith=v),
    # Sessions at which someone of this category was present (e.g. governors).
    "attended_by": lambda v: Q(Exists(Attendance.objects.filter(
        session_id=OuterRef("pk"), present=True, category=v))),
}
ACUERDO_FILTERS = {
    "status": lambda v: Q(status_value=v),
    "group": lambda v: Q(group_id=v),
    "theme": lambda v: s._themes_q([v], session_ref="session_id") | Q(
        Exists(s.AcuerdoThemes.objects.filter(acuerdo_id=OuterRef("pk"), theme_id=v))),
    "institution": lambda v: Q(Exists(Responsibility.objects.filter(
        acuerdo_id=OuterRef("pk"), institution__acronym=v, role="responsable"))),
    "month": lambda v: Q(session__date__startswith=v),
}
ATTENDANCE_FILTERS = {
    "category": lambda v: Q(category=v),
    "state": lambda v: Q(state=v),
    "sex": lambda v: Q(sex=v),
}
# Filters that name a row by id: a value that is no id (typed in the address bar) matches
# nothing, instead of reaching the database as a bad integer (a 500).
ID_FILTERS = {"venue", "group", "theme"}
FILTERS = {"sessions": SESSION_FILTERS, "acuerdos": ACUERDO_FILTERS,
           "attendance": ATTENDANCE_FILTERS}
TITLES = {"sessions": _("Sessions"), "acuerdos": _("Acuerdos"), "attendance": _("Attendance")}


def rows_for(scope, kind: str, filters: dict[str, str]):
    """The queryset of one figure; unknown filters are ignored (the page says what it shows)."""
    if kind == "sessions":
        qs = (s.sessions_in_scope(scope).annotate(st=s.SESSION_STATE, ctry=s.SESSION_COUNTRY)
              .select_related("group", "venue").order_by("date", "group__acronym"))
        if "status" not in filters:
            qs = qs.filter(status=Session.Status.HELD)
    elif kind == "acuerdos":
        qs = (s.acuerdos_in_scope(scope).with_status(scope.today)
              .select_related("group", "session").order_by("session__date", "group__acronym",
                                                          "sequence"))
    else:
        qs = (s.attendances_in_scope(scope).select_related("session__group", "institution")
              .order_by("session__date", "session_id", "order"))
    for name, value in filters.items():
        make = FILTERS[kind].get(name)
        if make and value not in (None, ""):
            if name in ID_FILTERS and not _is_id(value):
                return qs.none()
            qs = qs.filter(make(value))
    return qs


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and int(value) < 2**63
