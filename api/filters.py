"""Query-string filters of the list endpoints (django-filter)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Acuerdo, Responsibility
from directory.models import Person
from followup.models import DueDateRequest, ProgressReport
from meetings.models import Session

from .followup_serializers import ReportStatus

# Conditions each derived status implies (same rule as Acuerdo.objects.with_status): added next to
# the status filter so PostgreSQL can narrow rows by plain columns before computing the status.
_STATUS_NARROWING = {
    Acuerdo.Status.CANCELLED: lambda today: Q(cancelled_at__isnull=False),
    Acuerdo.Status.FULFILLED: lambda today: Q(cancelled_at__isnull=True),
    Acuerdo.Status.OVERDUE: lambda today: Q(cancelled_at__isnull=True, due_date__lt=today),
    Acuerdo.Status.IN_PROGRESS: lambda today: Q(cancelled_at__isnull=True)
    & (Q(due_date__isnull=True) | Q(due_date__gte=today)),
    Acuerdo.Status.PENDING: lambda today: Q(cancelled_at__isnull=True)
    & (Q(due_date__isnull=True) | Q(due_date__gte=today)),
}


def filter_status(queryset, status: str, today=None):
    today = today or timezone.localdate()
    if "status_value" not in queryset.query.annotations:
        # per_row: a page of 100 stops after its rows instead of hashing every open part of the
        # table for the NOT EXISTS (EXPLAIN ANALYZE of ?status=overdue, bench/api_scale.py).
        queryset = queryset.with_status(today, per_row=True)
    return queryset.filter(_STATUS_NARROWING[status](today), status_value=status)


class IdFilter(django_filters.NumberFilter):
    """An object id: a whole number that a database integer can hold. Anything else ("2e36",
    "1.5", 10**20) is a 400 with a field message, never a database error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class AcuerdoFilter(django_filters.FilterSet):
    group = IdFilter(field_name="group_id", help_text=_("Group id."))
    session = IdFilter(field_name="session_id", help_text=_("Session id."))
    institution = IdFilter(
        method="filter_institution",
        help_text=_("Institution id: acuerdos it answers for or helps with."),
    )
    status = django_filters.ChoiceFilter(
        choices=Acuerdo.Status.choices, method="filter_status", help_text=_("Derived status today.")
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", help_text=_("Only overdue acuerdos (true) or only the others.")
    )
    due_after = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", help_text=_("Due on or after this date.")
    )
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", help_text=_("Due on or before this date.")
    )

    # The day the derived status is computed for: today, unless set (api.planned builds the
    # query once with a stand-in date, for SQL whose values change and shape does not).
    today = None

    class Meta:
        model = Acuerdo
        fields = []

    def filter_institution(self, queryset, name, value):
        parts = Responsibility.objects.filter(acuerdo=OuterRef("pk"), institution_id=value)
        return queryset.filter(Exists(parts))

    def filter_status(self, queryset, name, value):
        return filter_status(queryset, value, self.today)

    def filter_overdue(self, queryset, name, value):
        if value:
            return filter_status(queryset, Acuerdo.Status.OVERDUE, self.today)
        if "status_value" not in queryset.query.annotations:
            queryset = queryset.with_status(self.today or timezone.localdate(), per_row=True)
        return queryset.exclude(status_value=Acuerdo.Status.OVERDUE)


class SessionFilter(django_filters.FilterSet):
    group = IdFilter(field_name="group_id", help_text=_("Group id."))
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Session
        fields = ["type", "status", "minuta_status"]


class ResponsibilityFilter(django_filters.FilterSet):
    acuerdo = IdFilter(field_name="acuerdo_id")
    institution = IdFilter(field_name="institution_id")

    class Meta:
        model = Responsibility
        fields = ["status", "role"]


class PersonFilter(django_filters.FilterSet):
    institution = IdFilter(field_name="institution_id")
    is_enlace = django_filters.BooleanFilter()

    class Meta:
        model = Person
        fields = []


class ReportFilter(django_filters.FilterSet):
    """Progress reports; ?status=pending is the secretariat's queue of reports to validate."""

    status = django_filters.ChoiceFilter(
        method="filter_status",
        choices=ReportStatus.choices,
        help_text=_("in_progress (a progress report), pending (awaiting validation), validated "
                    "or returned."),
    )
    acuerdo = IdFilter(field_name="responsibility__acuerdo_id",
                                          help_text=_("Acuerdo id."))
    responsibility = IdFilter(field_name="responsibility_id")
    institution = IdFilter(field_name="responsibility__institution_id",
                                              help_text=_("Institution id."))
    group = IdFilter(field_name="responsibility__acuerdo__group_id",
                                        help_text=_("Group id."))

    class Meta:
        model = ProgressReport
        fields = []

    def filter_status(self, queryset, name, value):
        if value == ReportStatus.IN_PROGRESS:
            return queryset.filter(review=ProgressReport.Review.NONE)
        return queryset.filter(review=value)


class DueDateRequestFilter(django_filters.FilterSet):
    acuerdo = IdFilter(field_name="responsibility__acuerdo_id",
                                          help_text=_("Acuerdo id."))
    institution = IdFilter(field_name="responsibility__institution_id",
                                              help_text=_("Institution id."))
    group = IdFilter(field_name="responsibility__acuerdo__group_id",
                                        help_text=_("Group id."))

    class Meta:
        model = DueDateRequest
        fields = ["state"]
