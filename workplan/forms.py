from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Session
from meetings.states import State

from .models import ActividadInstitution

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ReasonMixin(forms.Form):
    reason = forms.CharField(
        label=_("Why it changes (required once the plan is approved)"), required=False,
        max_length=2000)


class ConsultationForm(forms.Form):
    until = forms.DateField(label=_("Comments and proposals until"), required=False, widget=DATE)


class ApproveForm(forms.Form):
    acuerdo = forms.ChoiceField(label=_("Approved by acuerdo"))

    def __init__(self, *args, acuerdos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acuerdo"].choices = [("", "—")] + [
            (str(a.pk), f"{a.number} · {a.text[:90]}") for a in acuerdos]


class PlannedSessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    ordinal = forms.IntegerField(label=_("Number"), required=False, min_value=1,
                                 help_text=_("Empty: the next number."))
    type = forms.ChoiceField(label=_("Type"), choices=Session.Type.choices,
                             initial=Session.Type.ORDINARIA)
    modality = forms.ChoiceField(label=_("Modality"), choices=Session.Modality.choices,
                                 initial=Session.Modality.VIRTUAL)
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TIME)


class EjeForm(ReasonMixin):
    title = forms.CharField(label=_("Title of the eje"), max_length=300)


class ActividadForm(ReasonMixin):
    description = forms.CharField(label=_("Actividad"), widget=forms.Textarea(attrs={"rows": 2}))
    entregable = forms.CharField(label=_("Expected product (entregable)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 1}))
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End or target date"), required=False, widget=DATE)
    indicator = forms.CharField(label=_("Indicator"), required=False, max_length=300)
    goal = forms.CharField(label=_("Goal (meta)"), required=False, max_length=300)
    states = forms.MultipleChoiceField(label=_("States covered (none: national)"),
                                       required=False, choices=State.choices)
    field_order = ["description", "entregable", "start_date", "end_date", "indicator", "goal",
                   "states", "reason"]


class ProposalForm(forms.Form):
    role = forms.ChoiceField(label=_("My institution would be"), widget=forms.RadioSelect,
                             choices=ActividadInstitution.Role.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note for the enlace (required to decline)"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ActividadesForm(forms.Form):
    actividades = forms.MultipleChoiceField(
        label=_("Actividades of the work plan it follows up"), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actividades"].choices = list(choices)


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)


class ActividadInstitutionsForm(forms.Form):
    """Who leads and who helps, set by the secretariat directly (proposals are the enlaces' way)."""

    all_institutions = forms.BooleanField(
        label=_("All institutions (every member institution is responsible)"), required=False)
    responsables = forms.MultipleChoiceField(
        label=_("Responsible"), required=False, widget=forms.CheckboxSelectMultiple)
    coadyuvantes = forms.MultipleChoiceField(
        label=_("Supporting"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.institutions = {str(i.pk): i for i in institutions}
        choices = [(pk, i.acronym) for pk, i in self.institutions.items()]
        self.fields["responsables"].choices = choices
        self.fields["coadyuvantes"].choices = choices

    def clean(self):
        data = super().clean()
        for name in ("responsables", "coadyuvantes"):
            data[name] = [self.institutions[pk] for pk in data.get(name, [])]
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why the actividad is cancelled"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
