import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agreements.models import Responsibility


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the content checks are the service's (followup.evidence)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Report my institution's part as"),
        choices=[(Responsibility.Status.IN_PROGRESS, _("In progress (en proceso)")),
                 (Responsibility.Status.REPORTED, _("Fulfilled (cumplido) — the secretariat "
                                                    "will validate it"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)
    files = MultipleFileField(
        label=_("Evidence (PDF, images, Office documents)"), required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,"
                                                  ".xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"}),
    )


class OnBehalfForm(forms.Form):
    comment = forms.CharField(label=_("How the fulfilment is known"),
                              widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label=_("Evidence"), required=False)


class DueDateRequestForm(forms.Form):
    new_date = forms.DateField(label=_("New due date"),
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=pgettext_lazy("end of a period", "To"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def period(self) -> tuple[datetime.date, datetime.date]:
        """Default: the current year up to today."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or datetime.date(today.year, 1, 1)
        end = data.get("end") or today
        return (start, end) if start <= end else (end, start)
