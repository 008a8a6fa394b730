"""Forms of the workspace. Choices are passed in as lists built once per page, so that a form per
row costs no query per row."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Acuerdo
from directory.models import Institution, Person
from meetings.models import Attendance, Session, Venue
from meetings.places import Scope

from .concurrency import VersionedForm

ALL = "all"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PlanSessionForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=Session.Type.choices)
    number = forms.IntegerField(label=_("Number"), min_value=1)
    date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME)
    end_time = forms.TimeField(label=_("End time"), widget=TIME, required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The session must end after it starts."))
        return cleaned


class HeaderForm(VersionedForm):
    versioned_fields = (
        "title", "subject", "date", "start_time", "end_time", "modality", "place", "state",
        "video_url", "meeting_id", "passcode", "video_details", "objective", "convoca", "status",
        "venue", "scope", "country", "timezone",
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    subject = forms.CharField(label=_("Subject (asunto)"), max_length=300, required=False)
    date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME)
    end_time = forms.TimeField(label=_("End time"), widget=TIME, required=False)
    modality = forms.ChoiceField(label=_("Modality"), choices=Session.Modality.choices)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", "—")] + list(Session._meta.get_field("state").choices))
    video_url = forms.URLField(label=_("Video link"), max_length=500, required=False,
                               assume_scheme="https")
    meeting_id = forms.CharField(label=_("Meeting ID"), max_length=60, required=False)
    passcode = forms.CharField(label=_("Passcode"), max_length=60, required=False)
    video_details = forms.CharField(label=_("Video call details"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    objective = forms.CharField(label=_("Objective"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    convoca = forms.ModelChoiceField(label=_("Convened by (convoca)"), required=False,
                                     queryset=Institution.objects.all())
    status = forms.ChoiceField(label=_("Session status"), choices=Session.Status.choices)
    # Where the Informe counts the session (venues are kept in the admin, reused by name).
    venue = forms.ModelChoiceField(label=_("Venue"), required=False, queryset=Venue.objects.all())
    scope = forms.ChoiceField(label=_("Scope"), required=False, choices=Scope.choices)
    country = forms.ChoiceField(label=_("Country (abroad)"), required=False,
                                choices=[("", "—")] + list(Session._meta.get_field("country").choices))
    timezone = forms.CharField(label=_("Time zone (when not Mexico City's)"), required=False,
                               max_length=60)

    def clean_scope(self):
        return self.cleaned_data["scope"] or Scope.NATIONAL

    @classmethod
    def for_session(cls, session, data=None):
        initial = {name: getattr(session, name) for name in cls.versioned_fields}
        return cls(data, instance=session, initial=initial, prefix="h")


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the directory by name, position or institution"),
                        required=False, max_length=100)


class AttendanceInfoForm(forms.Form):
    """What the Informe counts about an attendance: capacity, state represented, sex. Added to
    the forms that put someone on the list (search results, "create a new person")."""

    category = forms.ChoiceField(label=_("Attended as"), required=False,
                                 choices=[("", "—")] + list(Attendance._meta.get_field("category").choices))
    state = forms.ChoiceField(label=_("State represented"), required=False,
                              choices=[("", "—")] + list(Attendance._meta.get_field("state").choices))
    sex = forms.ChoiceField(label=_("Sex"), required=False,
                            choices=[("", "—")] + list(Person.Sex.choices))

    def attendance_fields(self) -> dict:
        """The keyword arguments of attendance_add (empty sex: the person's own)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {"category": data.get("category", ""), "state": data.get("state", ""),
                "sex": data.get("sex") or None}


class PersonCreateForm(AttendanceInfoForm):
    """"Create a new person" in the participants section, and how they attend."""

    name = forms.CharField(label=_("Name"), max_length=200)
    cargo = forms.CharField(label=_("Position"), max_length=255, required=False)
    institution = forms.ModelChoiceField(label=_("Institution"),
                                         queryset=Institution.objects.all())
    email = forms.EmailField(label=_("E-mail"), required=False)
    field_order = ["name", "cargo", "institution", "email", "sex", "category", "state"]

    def person_fields(self) -> dict:
        """The keyword arguments of directory.services.person_create."""
        data = self.cleaned_data
        return {"name": data["name"], "cargo": data["cargo"], "institution": data["institution"],
                "email": data["email"], "sex": data["sex"] or Person.Sex.UNSPECIFIED}


class AgendaItemForm(VersionedForm):
    versioned_fields = ("start_time", "end_time", "activity")
    start_time = forms.TimeField(label=_("Start"), widget=TIME)
    end_time = forms.TimeField(label=_("End"), widget=TIME)
    activity = forms.CharField(label=_("Activity"), widget=forms.Textarea(attrs={"rows": 2}))
    presenters = forms.MultipleChoiceField(
        label=_("Presenters (participants)"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}))
    presenters_text = forms.CharField(
        label=_("Other presenters, one per line"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, participant_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenters"].choices = participant_choices


class NarrativeForm(VersionedForm):
    versioned_fields = ("narrative",)
    narrative = forms.CharField(label=_("Relevant matters (asuntos relevantes)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 6}))


class InstitutionsForm(forms.Form):
    """Responsables (or "Todas las instituciones") and coadyuvantes of an acuerdo."""

    responsables = forms.MultipleChoiceField(
        label=_("Responsible institutions"), required=False, widget=forms.CheckboxSelectMultiple)
    coadyuvantes = forms.MultipleChoiceField(
        label=_("Supporting institutions (coadyuvantes)"), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, institution_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsables"].choices = [(ALL, _("All institutions"))] + list(
            institution_choices)
        self.fields["coadyuvantes"].choices = list(institution_choices)

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("responsables") or []
        if not chosen and "responsables" not in self.errors:
            self.add_error("responsables", _("Choose at least one responsible institution."))
        if ALL in chosen and len(chosen) > 1:
            self.add_error("responsables", _(
                "Choose “All institutions” or single institutions, not both."))
        return cleaned


def _kind_field():
    return forms.ChoiceField(
        # Not required: a form sent without it (an older page) keeps the current kind.
        label=_("Kind"), choices=Acuerdo.Kind.choices, initial=Acuerdo.Kind.COMMITMENT,
        required=False,
        help_text=_("Informational (“se dan por enteradas”, “aprueban…”): fulfilled when "
                    "adopted, no parts to report, no reminders."))


class AcuerdoForm(InstitutionsForm):
    text = forms.CharField(label=_("Acuerdo"), widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    kind = _kind_field()
    # The group's work plan actividades it follows up (workplan); no choices, no field shown.
    actividades = forms.MultipleChoiceField(
        label=_("Actividades of the work plan it follows up"), required=False,
        widget=forms.CheckboxSelectMultiple)
    field_order = ["text", "responsables", "coadyuvantes", "due_date", "kind", "actividades"]

    def __init__(self, *args, actividad_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actividades"].choices = list(actividad_choices)


class AcuerdoEditForm(VersionedForm):
    versioned_fields = ("text", "due_date")
    text = forms.CharField(label=_("Acuerdo"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = _kind_field()
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    reason = forms.CharField(label=_("Reason for a new due date"), required=False,
                             max_length=500)


class PhotoForm(forms.Form):
    image = forms.ImageField(
        label=_("Photo (JPEG or PNG, at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}))
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)


class PhotoCaptionForm(VersionedForm):
    versioned_fields = ("caption",)
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"),
                             widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ReturnForm(forms.Form):
    comments = forms.CharField(label=_("Comments for who drafted it"),
                               widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class SessionDocumentForm(forms.Form):
    """Attach a presentation or annex to a session; optionally record an open acuerdo of the
    session ("Se enviará la presentación") as fulfilled by it."""

    file = forms.FileField(label=_("File (PDF, PowerPoint, Word, Excel or image)"))
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    fulfils = forms.ChoiceField(label=_("Fulfils the acuerdo"), required=False)

    def __init__(self, *args, acuerdo_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fulfils"].choices = [("", _("— none —"))] + list(acuerdo_choices)
