from django import forms
from django.utils.translation import gettext_lazy as _


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet of actividades (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
