from django import forms
from django.utils.translation import gettext_lazy as _


class MinutaUploadForm(forms.Form):
    file = forms.FileField(label=_("Word minuta (.docx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".docx"}))


class BacklogUploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet of acuerdos (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
