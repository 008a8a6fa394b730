"""Query-string filters of the work plan lists (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from workplan.models import Actividad, ActividadInstitution, Plan, Proposal

from .filters import IdFilter


class PlanFilter(django_filters.FilterSet):
    group = IdFilter(field_name="group_id", help_text=_("Group id."))
    year = django_filters.NumberFilter(field_name="year", min_value=1900, max_value=3000)
    status = django_filters.ChoiceFilter(choices=Plan.Status.choices)

    class Meta:
        model = Plan
        fields = []


class EjeFilter(django_filters.FilterSet):
    plan = IdFilter(field_name="plan_id", help_text=_("Plan id."))


class ActividadFilter(django_filters.FilterSet):
    plan = IdFilter(field_name="plan_id", help_text=_("Plan id."))
    eje = IdFilter(field_name="eje_id", help_text=_("Eje id."))
    institution = IdFilter(method="filter_institution",
                           help_text=_("Institution id: actividades it leads or helps with."))
    role = django_filters.ChoiceFilter(choices=ActividadInstitution.Role.choices,
                                       method="filter_role",
                                       help_text=_("With institution: only this role."))
    progress = django_filters.ChoiceFilter(choices=Actividad.Progress.choices,
                                           field_name="progress_value")
    late = django_filters.BooleanFilter(field_name="is_late")

    def filter_institution(self, queryset, name, value):
        parts = ActividadInstitution.objects.filter(institution_id=value)
        role = self.form.cleaned_data.get("role")
        if role:
            parts = parts.filter(role=role)
        return queryset.filter(pk__in=parts.values("actividad_id"))

    def filter_role(self, queryset, name, value):
        return queryset  # applied together with institution


class ProposalFilter(django_filters.FilterSet):
    plan = IdFilter(field_name="actividad__plan_id", help_text=_("Plan id."))
    actividad = IdFilter(field_name="actividad_id", help_text=_("Actividad id."))
    institution = IdFilter(field_name="institution_id", help_text=_("Institution id."))
    status = django_filters.ChoiceFilter(choices=Proposal.Status.choices)

    class Meta:
        model = Proposal
        fields = []
