from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Acuerdo
from tracker.fields import ValuesModelChoiceField
from tracker.widgets import FastSelect
from directory.models import Institution
from meetings.models import WorkingGroup

from .models import SearchEntry


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    # Hundreds of groups and institutions on every search: options read as (pk, acronym)
    # rows (tracker/fields.py, the models' __str__) and written without a template each
    # (tracker/widgets.py); the kind and status lists too.
    group = ValuesModelChoiceField(label=_("Group"), queryset=WorkingGroup.objects.none(),
                                   label_field="acronym", required=False, widget=FastSelect)
    family = ValuesModelChoiceField(label=_("Body and its groups"),
                                    queryset=WorkingGroup.objects.none(), label_field="acronym",
                                    required=False, widget=FastSelect)
    start = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("Everything"))] + SearchEntry.Kind.choices,
                             widget=FastSelect)
    status = forms.ChoiceField(label=_("Status of the acuerdo"), required=False,
                               choices=[("", _("Any"))] + Acuerdo.Status.choices,
                               widget=FastSelect)
    institution = ValuesModelChoiceField(label=_("Institution"),
                                         queryset=Institution.objects.all(),
                                         label_field="acronym", required=False,
                                         widget=FastSelect)

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["family"].queryset = groups.filter(subgroups__isnull=False).distinct()

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "groups": [data["group"].pk] if data.get("group") else None,
            "family": data["family"].pk if data.get("family") else None,
            "start": data.get("start"), "end": data.get("end"),
            "kinds": [data["kind"]] if data.get("kind") else None,
            "status": data.get("status") or None,
            "institution": data["institution"].pk if data.get("institution") else None,
        }
