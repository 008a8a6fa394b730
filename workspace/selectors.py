"""Reads for the workspace pages, each a fixed number of queries whatever the number of rows."""

import datetime
from collections import defaultdict

import django_filters
from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from agreements.models import Acuerdo
from agreements.selectors import OPEN_STATUSES, followup_acuerdos, with_parts
from directory.models import Institution, Person
from tracker import access
from meetings.models import AgendaItem, AgendaPresenter, MinutaEvent, Session

COMING_DUE_DAYS = 30


def home(user, today: datetime.date) -> dict:
    groups = access.groups_visible_to(user)
    # Every minuta in review in the groups the user may approve (staff: all groups), except the
    # ones the user drafted. The drafter is matched by account, not through the user's own
    # directory entry, so staff and users without a linked Person get the same list.
    review = Session.objects.filter(
        group__in=access.groups_approvable_by(user),
        minuta_status=Session.MinutaStatus.IN_REVIEW,
    ).exclude(drafted_by__user=user).select_related("group", "drafted_by").order_by("date", "pk")
    return {
        "groups": list(groups.select_related("convening_institution")),
        "upcoming": list(
            # Sessions whose minuta the user may open (an enlace: approved ones only).
            access.sessions_visible_to(user).filter(date__gte=today)
            .select_related("group").order_by("date", "start_time")[:10]
        ),
        "to_review": list(review),
        # The visto bueno names a person of the directory (Session.approved_by): without one
        # the user can still return a minuta with comments, and the page says why.
        "can_sign_off": access.can_sign_off(user),
        "coming_due": list(
            with_parts(
                access.acuerdos_visible_to(user).with_status(today).filter(
                    status_value__in=OPEN_STATUSES,
                    due_date__gte=today,
                    due_date__lte=today + datetime.timedelta(days=COMING_DUE_DAYS),
                )
            ).order_by("due_date", "number")[:20]
        ),
        "coming_due_days": COMING_DUE_DAYS,
    }


class GroupAcuerdoFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Acuerdo.Status.choices, field_name="status_value")
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"), field_name="responsibilities__institution",
        queryset=Institution.objects.none(), distinct=True)
    session = django_filters.ModelChoiceFilter(label=_("Session"), queryset=Session.objects.none())
    due_from = django_filters.DateFilter(
        label=_("Due from"), field_name="due_date", lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}))
    due_to = django_filters.DateFilter(
        label=_("Due until"), field_name="due_date", lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Acuerdo
        fields = []

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["institution"].queryset = group.institutions.distinct()
        self.filters["session"].queryset = group.sessions.order_by("date")


def group_page(group, data, today: datetime.date) -> dict:
    memberships = list(
        group.memberships.filter(left_on__isnull=True).select_related("institution")
        .order_by("institution__acronym")
    )
    enlaces = defaultdict(list)
    for person in Person.objects.filter(
        is_enlace=True, institution__in=[m.institution_id for m in memberships]
    ).order_by("name"):
        enlaces[person.institution_id].append(person)
    members = [(m.institution, enlaces[m.institution_id]) for m in memberships]
    acuerdos = with_parts(
        Acuerdo.objects.adopted().with_status(today).filter(group=group)
    ).order_by("session__date", "sequence")
    filterset = GroupAcuerdoFilter(data or None, queryset=acuerdos, group=group)
    sessions = list(group.sessions.order_by("date", "start_time"))
    return {
        "members": members,
        "sessions": sessions,
        "filter": filterset,
        "acuerdos": list(filterset.qs) if filterset.is_valid() else [],
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
        "followup": list(followup_acuerdos(session=session)),
        "events": list(
            MinutaEvent.objects.filter(session=session).select_related("actor").order_by("-at")[:50]
        ),
        "revisions": list(session.minuta_revisions.select_related("reopened_by").order_by("number")),
    }
