"""tracker.widgets.FastSelect writes the very HTML Django's Select writes with its templates, for
the choices the filter forms use (model choices, lazy labels, optgroups, escaping)."""

import datetime as dt

import pytest
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Institution
from tracker.widgets import FastDateInput, FastSelect

from .factories import InstitutionFactory

pytestmark = pytest.mark.django_db

CHOICES = [("", _("All")), ("a&b", 'A & <b> "quoted"'), (1, "uno"), ("pending", _("Pending"))]


def _both(field_class, value, **kwargs):
    class Slow(forms.Form):
        f = field_class(widget=forms.Select, **kwargs)

    class Fast(forms.Form):
        f = field_class(widget=FastSelect, **kwargs)

    data = {"f": value}
    return str(Slow(data)["f"]), str(Fast(data)["f"])


@pytest.mark.parametrize("value", ["", "a&b", "1", "nope"])
def test_it_writes_what_the_templates_write_for_plain_choices(value):
    slow, fast = _both(forms.ChoiceField, value, choices=CHOICES, required=False)
    assert fast == slow and "<option" in fast


def test_it_writes_what_the_templates_write_for_model_choices_and_optgroups():
    InstitutionFactory(acronym="SEGOB <x>")
    InstitutionFactory(acronym="FGR")
    chosen = Institution.objects.order_by("pk").first()
    slow, fast = _both(forms.ModelChoiceField, str(chosen.pk),
                       queryset=Institution.objects.order_by("acronym"), empty_label=_("All"))
    assert fast == slow and "selected" in fast and "&lt;x&gt;" in fast
    grouped = [("Grupo & 1", [("x", "X"), ("y", "Y")]), ("z", "Z")]
    slow, fast = _both(forms.ChoiceField, "y", choices=grouped)
    assert fast == slow and "<optgroup" in fast
    assert str(FastSelect(attrs={"required": True, "disabled": False, "data-n": 3})
               .render("g", None)) == str(forms.Select(
                   attrs={"required": True, "disabled": False, "data-n": 3}).render("g", None))


def test_labels_that_are_not_text_are_left_to_the_templates():
    days = [(d.isoformat(), d) for d in (dt.date(2026, 1, 5), dt.date(2026, 2, 9))]
    slow, fast = _both(forms.ChoiceField, "2026-01-05", choices=days)
    assert fast == slow


def test_several_values_and_a_value_listed_twice():
    from tracker.widgets import FastSelectMultiple

    choices = [("a", "A"), ("Grupo", [("b", "B"), ("a", "A otra vez")]), ("c", "C")]

    class Slow(forms.Form):
        f = forms.MultipleChoiceField(widget=forms.SelectMultiple, choices=choices)
        g = forms.ChoiceField(widget=forms.Select, choices=choices)

    class Fast(forms.Form):
        f = forms.MultipleChoiceField(widget=FastSelectMultiple, choices=choices)
        g = forms.ChoiceField(widget=FastSelect, choices=choices)

    data = {"f": ["a", "c"], "g": "a"}
    for name in ("f", "g"):
        slow, fast = str(Slow(data)[name]), str(Fast(data)[name])
        assert fast == slow
    assert str(Fast(data)["f"]).count("selected") == 3  # every "a" and "c" of a multiple
    assert str(Fast(data)["g"]).count("selected") == 1  # the first "a" only


def test_several_values_and_model_choices_in_one_plain_select(django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.widgets import FastSelectMultiple

    InstitutionFactory(acronym="SEGOB")
    picked = [str(InstitutionFactory(acronym=a).pk) for a in ("FGR", "INM")]

    def form(widget):
        class F(forms.Form):
            f = forms.ModelMultipleChoiceField(queryset=Institution.objects.order_by("acronym"),
                                               widget=widget)
        return F({"f": picked})

    slow = str(form(forms.SelectMultiple)["f"])
    with CaptureQueriesContext(connection) as ctx:
        fast = str(form(FastSelectMultiple)["f"])
    assert fast == slow and fast.count(" selected") == 2 and " multiple" in fast
    # 2 queries: the chosen institutions (the bound field's value), then the options as a plain
    # SELECT (the iterator's server-side cursor on PostgreSQL is a DECLARE … CURSOR, a FETCH and
    # a CLOSE).
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["SELECT", "SELECT"]


@pytest.mark.parametrize("null_label", [None, _("None")])
def test_django_filters_model_choices_in_one_plain_select(null_label):
    """django-filter's ModelChoiceFilter (the group and institution filters of Mis acuerdos) has
    its own iterator, with a "null" choice after the empty one: the same options, read as a plain
    SELECT, not through a server-side cursor (DECLARE, FETCH, CLOSE)."""
    import django_filters
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    InstitutionFactory(acronym="SEGOB <x>")
    chosen = InstitutionFactory(acronym="FGR")

    def form(widget):
        class Filter(django_filters.FilterSet):
            f = django_filters.ModelChoiceFilter(
                queryset=Institution.objects.order_by("acronym"), empty_label=_("All"),
                null_label=null_label, widget=widget)

            class Meta:
                model = Institution
                fields = []

        return Filter({"f": str(chosen.pk)}, queryset=Institution.objects.all()).form

    slow = str(form(forms.Select)["f"])
    fast_form = form(FastSelect)
    with CaptureQueriesContext(connection) as ctx:
        fast = str(fast_form["f"])
    assert fast == slow and " selected" in fast and "&lt;x&gt;" in fast
    assert ('value="null"' in fast) is (null_label is not None)
    # The chosen institution (the bound value, as with Django's Select), then the options.
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["SELECT", "SELECT"]


@pytest.mark.parametrize("value", [None, "", "2025-01-31", 'bad"<&>', dt.date(2025, 1, 31)])
@pytest.mark.parametrize("bound", [True, False])
def test_the_date_input_writes_what_the_templates_write(value, bound):
    """FastDateInput against forms.DateInput, bound (with the field's errors: aria-invalid,
    aria-describedby) and unbound (an initial value), with attributes true, false and numbers."""
    attrs = {"type": "date", "data-n": 3, "required": False, "autofocus": True, "class": "a&b"}

    def form(widget_class):
        class Form(forms.Form):
            f = forms.DateField(widget=widget_class(attrs=attrs), required=False,
                                help_text="dd/mm & <yyyy>")
            g = forms.DateField(widget=widget_class(format="%d/%m/%Y"))
        if bound:
            return Form({"f": value, "g": value} if value is not None else {})
        return Form(initial={"f": value, "g": value})

    slow, fast = form(forms.DateInput), form(FastDateInput)
    for name in ("f", "g"):
        assert str(fast[name]) == str(slow[name]), name
    assert 'type="date"' in str(fast["f"]) and "<input" in str(fast["g"])
    if bound:
        assert str(fast["g"]) == str(slow["g"]) and fast.is_valid() == slow.is_valid()
