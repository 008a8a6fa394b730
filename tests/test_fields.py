"""tracker.fields.ValuesModelChoiceField reads its options as (pk, label) rows and writes the
same <select> as a ModelChoiceField of the same queryset (the label field is what __str__
gives), selected option and escaping included; it cleans to the chosen instance."""

import pytest
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Institution
from tracker.fields import ValuesModelChoiceField
from tracker.widgets import FastSelect

from .factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def _forms(**kwargs):
    class Instances(forms.Form):
        f = forms.ModelChoiceField(widget=FastSelect, **kwargs)

    class Rows(forms.Form):
        f = ValuesModelChoiceField(widget=FastSelect, label_field="acronym", **kwargs)

    return Instances, Rows


@pytest.mark.parametrize("empty_label", ["---------", _("All"), None])
def test_it_writes_what_a_model_choice_field_writes(empty_label):
    InstitutionFactory(acronym="SEGOB <x>")
    InstitutionFactory(acronym="FGR")
    chosen = Institution.objects.get(acronym="FGR")
    instances, rows = _forms(queryset=Institution.objects.order_by("acronym"),
                             empty_label=empty_label, required=False)
    for data in ({"f": str(chosen.pk)}, {"f": ""}, None):
        expected, written = str(instances(data)["f"]), str(rows(data)["f"])
        assert written == expected
        assert "&lt;x&gt;" in written
    assert 'selected>FGR' in str(rows({"f": str(chosen.pk)})["f"])


def test_it_cleans_to_the_instance_and_refuses_others(django_assert_num_queries):
    fgr = InstitutionFactory(acronym="FGR")
    other = InstitutionFactory(acronym="INM")
    _instances, rows = _forms(queryset=Institution.objects.exclude(pk=other.pk))
    form = rows({"f": str(fgr.pk)})
    assert form.is_valid() and form.cleaned_data["f"] == fgr
    form = rows({"f": str(other.pk)})
    assert not form.is_valid() and "f" in form.errors
    with django_assert_num_queries(1):  # the options: one values_list, no instance per row
        str(rows()["f"])
