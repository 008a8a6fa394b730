import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry


class AuditFilter(django_filters.FilterSet):
    """The staff page's filters: who, action, period, object."""

    who = django_filters.CharFilter(label=_("Who (username)"), method="filter_who")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditEntry.Action.choices)
    since = django_filters.DateFilter(label=_("Period from"), field_name="at", lookup_expr="date__gte",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(label=_("Period to"), field_name="at", lookup_expr="date__lte",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    object = django_filters.CharFilter(label=_("Object"), method="filter_object",
                                       help_text=_("Type and id (meetings.session:12) or text."))

    class Meta:
        model = AuditEntry
        fields = []

    def filter_who(self, queryset, name, value):
        return queryset.filter(actor_name__iexact=value.strip())

    def filter_object(self, queryset, name, value):
        value = value.strip()
        if ":" in value:
            object_type, _sep, object_id = value.partition(":")
            return queryset.filter(object_type=object_type.lower(), object_id=object_id)
        return queryset.filter(Q(object_repr__icontains=value) | Q(object_type__icontains=value))
