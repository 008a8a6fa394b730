"""The filters of the acuerdo list (django-filter). The same FilterSet feeds the page and its
CSV/XLSX exports, so an export holds exactly the rows on screen (all pages)."""

from functools import partial

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Acuerdo, Responsibility
from directory.models import Institution
from tracker.access import (enlace_institution, groups_visible_list, groups_visible_to,
                            request_follows_groups)
from tracker.filtersets import FormClassOnce, options_from_instances
from tracker.widgets import FastSelect

from .selectors import SORTS, due_window_q

DUE_WINDOWS = [
    ("overdue", _("Overdue")),
    ("overdue_1_7", _("Overdue 1–7 days")),
    ("overdue_8_30", _("Overdue 8–30 days")),
    ("overdue_31_90", _("Overdue 31–90 days")),
    ("overdue_91", _("Overdue more than 90 days")),
    ("next_7", _("Due in the next 7 days")),
    ("next_30", _("Due in the next 30 days")),
    ("no_date", _("No due date")),
]

SORT_CHOICES = [
    ("overdue", _("Overdue first")),
    ("due", _("Due date, earliest first")),
    ("-due", _("Due date, latest first")),
    ("number", _("Number")),
    ("-number", _("Number, newest first")),
    ("institution", _("Institution")),
]


def _groups(request):
    return groups_visible_to(request.user).order_by("acronym")


def _institutions(request):
    user = request.user
    if user.is_staff or request_follows_groups(request):
        return Institution.objects.order_by("acronym")
    institution = enlace_institution(user)
    return Institution.objects.filter(pk=institution.pk if institution else None)


class PartFilter(FormClassOnce, django_filters.FilterSet):
    group = django_filters.ModelChoiceFilter(
        field_name="acuerdo__group", queryset=_groups, label=_("Group"), empty_label=_("All"),
        widget=FastSelect,
    )
    institution = django_filters.ModelChoiceFilter(
        queryset=_institutions, label=_("Institution"), empty_label=_("All"), widget=FastSelect
    )
    role = django_filters.ChoiceFilter(
        choices=Responsibility.Role.choices, label=_("Role"), empty_label=_("All"),
        widget=FastSelect,
    )
    status = django_filters.ChoiceFilter(
        choices=Responsibility.Status.choices, label=_("Institution's status"),
        empty_label=_("All"), widget=FastSelect,
    )
    overall = django_filters.ChoiceFilter(
        choices=Acuerdo.Status.choices, label=_("Acuerdo's status"), empty_label=_("All"),
        widget=FastSelect,
    )
    due = django_filters.ChoiceFilter(
        choices=DUE_WINDOWS, method="filter_due", label=_("Due"), empty_label=_("Any time"),
        widget=FastSelect,
    )
    date_request = django_filters.BooleanFilter(
        field_name="has_pending_request", label=_("Due date request pending"),
        widget=FastSelect(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_sort", label=_("Sort by"),
        empty_label=None, null_value=None, widget=FastSelect,
    )

    class Meta:
        model = Responsibility
        fields = []

    # Their choices depend on the request (tracker.filtersets.FormClassOnce).
    per_request_choices = ("group", "institution")

    def __init__(self, *args, day, **kwargs):
        self.day = day
        super().__init__(*args, **kwargs)

    def filter_due(self, queryset, name, value):
        return queryset.filter(due_window_q(value, self.day)) if value else queryset

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Accent- and case-insensitive (tracker/search.py): "revisaran" finds "revisarán".
        return queryset.filter(Q(acuerdo__text__search_contains=value)
                               | Q(acuerdo__number__iexact=value))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied in `qs`, after every filter

    @property
    def qs(self):
        sort = self.form.cleaned_data.get("sort") if self.is_bound and self.is_valid() else None
        return super().qs.order_by(*SORTS.get(sort or "overdue", SORTS["overdue"]))

    @property
    def form(self):
        """The group options from a compiled read (access.groups_visible_list), and an enlace who
        follows no group has one institution option, their own, written from the instance the
        request has read (enlace_institution): not the ORM's building of their queries on every
        visit (issue #17). A chosen group or institution is still checked against the querysets
        (_groups, _institutions)."""
        if not hasattr(self, "_form"):
            form = super().form
            request = self.request
            if request is not None:
                options_from_instances(form.fields["group"],
                                       partial(groups_visible_list, request.user))
            if request is not None and not (request.user.is_staff
                                            or request_follows_groups(request)):
                institution = enlace_institution(request.user)
                options_from_instances(form.fields["institution"],
                                       [institution] if institution is not None else [])
        return self._form
