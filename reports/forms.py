"""The choices of an Informe: groups, family, period, themes. The same form validates the page,
its exports and the API (api/views/informe.py), so the three always count the same rows."""

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models import Theme, WorkingGroup

from .scope import build_scope, informe_period

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Preset:
    THIS_YEAR = "this_year"
    INFORME = "informe"
    SINCE_CREATED = "since_created"
    CUSTOM = "custom"
    CHOICES = [
        (THIS_YEAR, _("This year")),
        (INFORME, _("Informe period (1 September – 31 August)")),
        (SINCE_CREATED, _("Since the group was created")),
        (CUSTOM, _("Custom dates")),
    ]


class CachedChoiceIterator(forms.models.ModelChoiceIterator):
    """The options from the field's queryset itself, evaluated once and kept: Django's iterator
    runs its query through a server-side cursor (DECLARE, FETCH, CLOSE on PostgreSQL: three
    round trips for a few dozen groups or themes) each time the widget renders."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose ids must fit a database integer: SQLite raised
    OverflowError (a 500) on `?themes=136995240737933704792065991245824`; PostgreSQL just finds
    nothing. Such an id is "not a valid value", like any id that matches no row."""

    iterator = CachedChoiceIterator

    def _check_values(self, value):
        for pk in value:
            try:
                fits = -(2**63) <= int(pk) < 2**63
            except (TypeError, ValueError):
                fits = True  # not a number: the field's own message says so
            if not fits:
                raise forms.ValidationError(self.error_messages["invalid_choice"],
                                            code="invalid_choice", params={"value": pk})
        return super()._check_values(value)


class InformeForm(forms.Form):
    groups = IdsChoiceField(
        label=_("Groups"), queryset=WorkingGroup.objects.none(),
        help_text=_("One group, a body, or several groups."))
    family = forms.BooleanField(
        label=_("Include every group under them"), required=False, initial=True)
    preset = forms.ChoiceField(label=_("Period"), choices=Preset.CHOICES, initial=Preset.INFORME)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    themes = IdsChoiceField(
        label=_("Themes (optional)"), queryset=Theme.objects.none(), required=False)

    def __init__(self, data=None, *, groups, today: datetime.date, **kwargs):
        # An unbound first visit: the form shows its initial values and no errors.
        super().__init__(data, **kwargs)
        self.today = today
        self.allowed = groups
        self.fields["groups"].queryset = groups.order_by("acronym")
        self.fields["themes"].queryset = Theme.objects.filter(
            Q(owner__in=groups) | Q(groups__in=groups)).distinct().order_by("name")

    def clean(self):
        cleaned = super().clean()
        preset = cleaned.get("preset")
        start, end = cleaned.get("start"), cleaned.get("end")
        if preset == Preset.THIS_YEAR:
            start, end = datetime.date(self.today.year, 1, 1), datetime.date(self.today.year, 12, 31)
        elif preset == Preset.INFORME:
            start, end = informe_period(self.today)
        elif preset == Preset.SINCE_CREATED:
            chosen = cleaned.get("groups") or []
            days = [g.created_on for g in chosen if g.created_on]
            start, end = (min(days) if days else datetime.date(2000, 1, 1)), self.today
        elif preset == Preset.CUSTOM:
            if not start or not end:
                self.add_error("start", _("Give both dates of a custom period."))
                return cleaned
        if start and end and end < start:
            self.add_error("end", _("The period must end after it starts."))
            return cleaned
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def scope(self):
        """The ReportScope of a valid form, limited to the groups the user follows."""
        data = self.cleaned_data
        return build_scope(
            chosen_ids=[g.pk for g in data["groups"]], include_descendants=data["family"],
            start=data["start"], end=data["end"], today=self.today,
            theme_ids=[t.pk for t in data["themes"]],
            allowed_ids=set(self.allowed.values_list("pk", flat=True)))
