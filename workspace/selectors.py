"""Reads for the workspace pages, each a fixed number of queries whatever the number of rows."""

import datetime
from collections import defaultdict

import django_filters
from django.db import connection
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from agreements.models import Acuerdo, Responsibility
from agreements.selectors import OPEN_STATUSES, followup_acuerdos, with_parts
from workplan.selectors import plan_followup
from directory.models import Institution, Person
from followup.selectors import group_summary, open_part_q, parts_for
from tracker import access
from tracker.filtersets import FormClassOnce, options_from_instances
from tracker.compiled import MARKERS, Compiled
from tracker.lookups import IdArray, ids_in
from tracker.widgets import FastDateInput, FastSelect
from meetings import attachments
from meetings.models import AgendaItem, AgendaPresenter, Membership, MinutaEvent, Session
from meetings.selectors import sessions_to_record

COMING_DUE_DAYS = 30


def home(user, today: datetime.date) -> dict:
    """Each persona's next work first: an enlace's overdue and due-soon parts; the secretariat's
    draft minutas to finish and reports to validate; a coordinator's minutas to review and
    overdue figures. A section shows only to whoever has that work (an enlace has no minutas
    to review)."""
    groups = access.groups_visible_to(user)
    editable = access.groups_editable_by(user)
    approvable = access.groups_approvable_by(user)
    followed = access.groups_followed_by(user)
    institution = access.enlace_institution(user)
    context = {
        "groups": list(groups.select_related("convening_institution")),
        "upcoming": list(
            # Sessions whose minuta the user may open (an enlace: approved ones only).
            access.sessions_visible_to(user).filter(date__gte=today)
            .select_related("group").order_by("date", "start_time")[:10]
        ),
        # The visto bueno names a person of the directory (Session.approved_by): without one
        # the user can still return a minuta with comments, and the page says why.
        "can_sign_off": access.can_sign_off(user),
        "coming_due_days": COMING_DUE_DAYS,
        "is_secretariat": editable.exists(),
        "reviews": approvable.exists(),
        "follows": followed.exists(),
        "institution": institution,
        "to_review": [],
    }
    if context["reviews"]:
        # Every minuta in review in the groups the user may approve (staff: all groups), except
        # the ones the user drafted. The drafter is matched by account, not through the user's
        # own directory entry, so staff and users without a linked Person get the same list.
        context["to_review"] = list(Session.objects.filter(
            group__in=approvable, minuta_status=Session.MinutaStatus.IN_REVIEW,
        ).exclude(drafted_by__user=user).select_related("group", "drafted_by")
            .order_by("date", "pk"))
    if context["is_secretariat"]:
        # Sessions whose minuta is still a draft, oldest first: what the secretariat finishes.
        context["drafts"] = list(
            Session.objects.filter(group__in=editable, minuta_status=Session.MinutaStatus.DRAFT)
            .select_related("group").order_by("date", "start_time")[:20])
        context["to_record"] = list(sessions_to_record(editable, today)[:20])
        context["to_validate"] = (
            parts_for(user, today).filter(acuerdo__group__in=editable,
                                          status=Responsibility.Status.REPORTED).count())
    if context["follows"]:
        context["figures"] = [row for row in group_summary(followed, today)
                              if row["overdue"] or row["next_7"] or row["reported"]]
    if institution is not None:
        # The enlace's own parts, overdue first, then those falling due soon.
        context["my_parts"] = list(
            parts_for(user, today).filter(
                open_part_q(), institution=institution,
                acuerdo__due_date__lte=today + datetime.timedelta(days=COMING_DUE_DAYS))
            .order_by("-is_overdue", "acuerdo__due_date", "pk")[:30])
        for part in context["my_parts"]:
            part.days_overdue = (today - part.acuerdo.due_date).days if part.is_overdue else None
    else:
        context["coming_due"] = list(
            with_parts(
                access.acuerdos_visible_to(user).with_status(today).filter(
                    status_value__in=OPEN_STATUSES,
                    due_date__gte=today,
                    due_date__lte=today + datetime.timedelta(days=COMING_DUE_DAYS),
                )
            ).order_by("due_date", "number")[:20]
        )
    return context


class GroupAcuerdoFilter(FormClassOnce, django_filters.FilterSet):
    # FastSelect (tracker/widgets.py): the session list of a group has a hundred options;
    # FastDateInput: the date fields without their three templates each.
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Acuerdo.Status.choices, field_name="status_value",
        widget=FastSelect)
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"), field_name="responsibilities__institution",
        queryset=Institution.objects.none(), distinct=True, widget=FastSelect)
    session = django_filters.ModelChoiceFilter(label=_("Session"), queryset=Session.objects.none(),
                                               widget=FastSelect)
    due_from = django_filters.DateFilter(
        label=_("Due from"), field_name="due_date", lookup_expr="gte",
        widget=FastDateInput(attrs={"type": "date"}))
    due_to = django_filters.DateFilter(
        label=_("Due until"), field_name="due_date", lookup_expr="lte",
        widget=FastDateInput(attrs={"type": "date"}))

    # The group's (tracker.filtersets.FormClassOnce).
    per_request_choices = ("institution", "session")

    class Meta:
        model = Acuerdo
        fields = []

    def __init__(self, *args, group, sessions=None, institutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["institution"].queryset = group.institutions.distinct()
        self.filters["session"].queryset = group.sessions.order_by("date", "start_time")
        self.sessions = sessions
        self.institutions = institutions

    @property
    def form(self):
        """The session options from `sessions` when given (the group page's calendar: those
        very sessions, in that order), and the institution options from `institutions` (the
        group's memberships, read for its members list), not a query and an instance per option
        each. A chosen option is still checked against the queryset (ModelChoiceField.to_python)."""
        if not hasattr(self, "_form"):
            form = super().form
            for name, given in (("session", self.sessions), ("institution", self.institutions)):
                if given is not None:
                    options_from_instances(form.fields[name], given)
        return self._form


class CalendarSession:
    """A session of the group page's calendar and session filter, from one row: what the
    calendar, the filter's label (Session.__str__) and the provisional badge read, with
    Session's own rules (code, acuerdos_provisional, __str__), not a copy of them. A hundred
    model instances a request cost more than the template that reads them (issue #17)."""

    Status = Session.Status
    MinutaStatus = Session.MinutaStatus
    COLUMNS = ("pk", "number", "type", "date", "start_time", "status", "minuta_status", "revision")
    __slots__ = ("group", *COLUMNS)

    def __init__(self, group, row):
        self.group = group
        (self.pk, self.number, self.type, self.date, self.start_time, self.status,
         self.minuta_status, self.revision) = row

    code = property(Session.code.fget)
    acuerdos_provisional = property(Session.acuerdos_provisional.fget)
    __str__ = Session.__str__


# Compiled once (tracker.compiled): the same three reads on every group page, their ORM
# building and compiling a few milliseconds of each request (issue #17).
_calendar = Compiled(
    lambda group_id: Session.objects.filter(group_id=group_id).order_by("date", "start_time")
    .values_list(*CalendarSession.COLUMNS), model=Session)
_memberships = Compiled(
    lambda group_id: Membership.objects.filter(group_id=group_id)
    .select_related("institution").order_by("institution__acronym"),
    model=Membership, instances=True)


# The columns of the group page's acuerdo table (templatetags group_acuerdo_rows): dicts, not
# Acuerdo instances with their session, group and parts (hundreds per group; issue #17).
GROUP_ROW_FIELDS = ("pk", "session_id", "number", "kind", "text", "all_institutions", "due_date",
                    "status_value")


def _group_rows_queryset(group_id, today):
    return (Acuerdo.objects.adopted().with_status(today).filter(group_id=group_id)
            .order_by("session__date", "sequence"))


# Values standing for the arguments while compiling (tracker.compiled): a group id, a day.
_ID, _DAY = MARKERS[0], datetime.date(1, 2, 3)
# The unfiltered table (what every visit shows first), compiled once; a filter takes the ORM,
# and so does SQLite (its dates reach the SQL as text, not as the marker).
_group_rows = Compiled(lambda group_id, today: _group_rows_queryset(group_id, today)
                       .values(*GROUP_ROW_FIELDS), model=Acuerdo, dicts=True,
                       markers=(_ID, _DAY))
# The responsables of the listed acuerdos, one array parameter (tracker.lookups.ids_in).
_responsables = Compiled(
    lambda ids: Responsibility.objects.filter(ids_in("acuerdo_id", ids),
                                              role=Responsibility.Role.RESPONSABLE)
    .order_by("institution__acronym").values_list("acuerdo_id", "institution__acronym"),
    model=Responsibility, markers=[IdArray.of([_ID])])

# The members' enlaces, by name (the members list), one array parameter.
_enlaces = Compiled(
    lambda institution_ids: Person.objects.filter(ids_in("institution_id", institution_ids),
                                                  is_enlace=True).order_by("name"),
    model=Person, instances=True, markers=[IdArray.of([_ID])])


def group_page(group, data, today: datetime.date) -> dict:
    # Every membership, once: the open ones are the members list, and the institutions of all
    # of them the institution filter's options (group.institutions, one query fewer).
    all_memberships = _memberships(group.pk)
    memberships = [m for m in all_memberships if m.left_on is None]
    institutions = list({m.institution_id: m.institution for m in all_memberships}.values())
    enlaces = defaultdict(list)
    member_ids = [m.institution_id for m in memberships]
    # No query for a group without members (as institution__in=[] sent none).
    people = (() if not member_ids else _enlaces(IdArray.of(member_ids))
              if connection.vendor == "postgresql" else _enlaces.build(member_ids))
    for person in people:
        enlaces[person.institution_id].append(person)
    members = [(m.institution, enlaces[m.institution_id]) for m in memberships]
    # Unbound (no filter chosen yet): every adopted acuerdo of the group, listed at once.
    sessions = [CalendarSession(group, row) for row in _calendar(group.pk)]
    compiled = not data and connection.vendor == "postgresql"
    # The compiled read needs no queryset (building it was a millisecond): the filterset, then
    # unbound, is only its form.
    queryset = Acuerdo.objects.none() if compiled else _group_rows_queryset(group.pk, today)
    filterset = GroupAcuerdoFilter(data or None, queryset=queryset, group=group,
                                   sessions=sessions, institutions=institutions)
    if compiled:
        rows = _group_rows(group.pk, today)
    elif filterset.is_bound and not filterset.is_valid():
        rows = []
    else:
        rows = list(filterset.qs.values(*GROUP_ROW_FIELDS))
    # An acuerdo's session is one of its group's (Acuerdo.group is the session's group).
    provisional = {s.pk for s in sessions if s.acuerdos_provisional}
    # "SEGOB FGR ": the responsables column, written here once rather than by a template loop
    # per row; one query, as the prefetch it replaces, and none when no acuerdo is listed.
    responsables = defaultdict(str)
    if rows:
        ids = [a["pk"] for a in rows]
        parts = (_responsables(IdArray.of(ids)) if connection.vendor == "postgresql" else
                 _responsables.build(ids))
        for acuerdo_id, acronym in parts:
            responsables[acuerdo_id] += f"{acronym} "
    for a in rows:
        a["is_provisional"] = a["session_id"] in provisional
        a["responsables_text"] = responsables[a["pk"]]
    return {
        "members": members,
        "sessions": sessions,
        # Those of every membership, past ones too: the institution filter's options.
        "institutions": institutions,
        "filter": filterset,
        "acuerdos": rows,
    }


def participant_groups(attendances):
    """The minuta lists participants in their order; absent people are listed apart."""
    present = [a for a in attendances if a.present]
    absent = [a for a in attendances if not a.present]
    return present, absent


def session_editor(session) -> dict:
    attendances = list(session.attendances.select_related("institution").order_by("order", "id"))
    items = list(
        AgendaItem.objects.filter(session=session).prefetch_related(
            Prefetch("presenters", queryset=AgendaPresenter.objects.select_related("attendance"))
        ).order_by("order")
    )
    acuerdos = list(with_parts(session.acuerdos.all()).order_by("sequence"))
    institutions = list(session.group.member_institutions(on=session.date).order_by("acronym"))
    return {
        "attendances": attendances,
        "items": items,
        "acuerdos": acuerdos,
        "institutions": institutions,
        "photos": list(session.photos.order_by("order", "id")),
        "documents": list(session.attachments.order_by("uploaded_at", "id")),
        "followup": list(followup_acuerdos(session=session)),
        # The work plan's open actividades (workplan): late ones for the Seguimiento panel, all
        # of them as choices of the new acuerdo's "actividades it follows up".
        **plan_followup(group=session.group, day=session.date),
        "events": list(
            MinutaEvent.objects.filter(session=session).select_related("actor").order_by("-at")[:50]
        ),
        "revisions": list(session.minuta_revisions.select_related("reopened_by").order_by("number")),
    }


def section_index(session, data: dict, check) -> list[dict]:
    """The session editor's section index: each section's anchor, name and completeness, from
    rows session_editor() already fetched and the minuta completeness check (no queries).

    `state` is the badge: "done" (nothing missing), "todo" (warnings to look at), "blocked"
    (errors that keep the minuta from review), "empty-section" (nothing yet, and nothing
    required). `detail` counts what the section holds."""
    from django.utils.translation import gettext as _, ngettext

    def state(key, *, empty=False, required=True):
        counts = check.by_section.get(key, {}) if check else {}
        if counts.get("errors"):
            n = counts["errors"]
            return "blocked", ngettext("%(n)d to correct", "%(n)d to correct", n) % {"n": n}
        if counts.get("warnings"):
            n = counts["warnings"]
            return "todo", ngettext("%(n)d to check", "%(n)d to check", n) % {"n": n}
        if empty:
            return ("todo", _("Missing")) if required else ("empty-section", _("Empty"))
        return "done", _("Complete")

    present = sum(1 for a in data["attendances"] if a.present)
    items = data["items"]
    narrated = sum(1 for item in items if item.narrative.strip())
    evidence = len(data["photos"]) + len(data["documents"])
    rows = [
        ("sec-header", _("Header"), state("header"), session.get_status_display()),
        ("sec-participants", _("Participants"), state("participants", empty=not present),
         ngettext("%(n)d present", "%(n)d present", present) % {"n": present}),
        ("sec-agenda", _("Agenda"), state("agenda", empty=not items),
         ngettext("%(n)d item", "%(n)d items", len(items)) % {"n": len(items)}),
        ("sec-narrative", _("Relevant matters"),
         state("narrative", empty=not items, required=False),
         _("%(done)d of %(all)d written") % {"done": narrated, "all": len(items)}),
        ("sec-acuerdos", _("Acuerdos"),
         state("acuerdos", empty=not data["acuerdos"], required=False),
         ngettext("%(n)d acuerdo", "%(n)d acuerdos", len(data["acuerdos"]))
         % {"n": len(data["acuerdos"])}),
        ("sec-evidence", _("Evidence"), state("evidence", empty=not evidence, required=False),
         ngettext("%(n)d file", "%(n)d files", evidence) % {"n": evidence}),
        # The workflow panel (send to review, visto bueno), beside the sections.
        ("workflow", _("Review"), (session.minuta_status, session.get_minuta_status_display()),
         _("revision %(n)d") % {"n": session.revision}),
    ]
    return [{"anchor": anchor, "key": anchor.removeprefix("sec-"), "label": label, "state": st,
             "state_label": st_label, "detail": detail}
            for anchor, label, (st, st_label), detail in rows]


def document_acuerdo_choices(session):
    """The documents section's "fulfils" choices: the session's acuerdos a document can fulfil."""
    return [(str(a.pk), f"{a.number} · {a.text[:80]}")
            for a in attachments.fulfillable_acuerdos(session)]
