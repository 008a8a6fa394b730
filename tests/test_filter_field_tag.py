"""{% filter_field %} (workspace templatetags, issue #17) writes what the include of
workspace/partials/filter_field.html writes: a select, a text input, a help text, errors (two of
them, with markup characters), in Spanish and English."""

import pytest
from django import forms
from django.template import engines
from django.utils import translation

from followup.filters import PartFilter
from tracker.widgets import FastSelect

INCLUDE = '{% for field in form %}\n    {% include "workspace/partials/filter_field.html" %}\n  {% endfor %}'
TAG = "{% load workspace %}{% for field in form %}\n    {% filter_field field %}\n  {% endfor %}"


class Sample(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Todos"), ("a&b", "A & <b>")], widget=FastSelect,
                             required=False, help_text="Elija <uno> & ya")
    year = forms.IntegerField(min_value=2000, max_value=2100, label="Año <n>")
    text = forms.CharField(required=False)

    def clean_year(self):
        raise forms.ValidationError(["Uno <malo>", "Otro & peor"])


def _render(template, form):
    return engines["django"].from_string(template).render({"form": form})


FIELD_INCLUDE = '{% for field in form %}{% include "workspace/partials/field.html" %}{% endfor %}'
FIELD_TAG = "{% load workspace %}{% for field in form %}{% form_field field %}{% endfor %}"
# {% filter_field %} and {% form_field %}: (the include it replaces, the tag, what it must write).
PAIRS = {"filter_field": (INCLUDE, TAG, "<label>"),
         "form_field": (FIELD_INCLUDE, FIELD_TAG, '<span aria-hidden="true">*</span>')}


@pytest.mark.parametrize("pair", PAIRS)
@pytest.mark.parametrize("language", ["es-mx", "en"])
@pytest.mark.parametrize("data", [None, {"kind": "a&b", "year": "1999", "text": '"x"'},
                                  {"kind": "nope", "year": "2026"}])
def test_the_tag_writes_what_the_include_wrote(pair, language, data):
    include, tag, written = PAIRS[pair]
    with translation.override(language):
        form = Sample(data)
        form.is_valid() if data else None
        old, new = _render(include, form), _render(tag, form)
    assert new == old and written in new  # year is required: form_field marks it
    if data:
        assert 'class="error"' in new and "_helptext" in new
        assert pair == "filter_field" or "has-error" in new


@pytest.mark.django_db
def test_the_part_filter_form_is_the_same(rf, django_user_model):
    import datetime as dt

    request = rf.get("/acuerdos/", {"status": "bogus", "q": "<x>"})
    request.user = django_user_model.objects.create_user("staff", is_staff=True)
    form = PartFilter(request.GET, request=request, day=dt.date(2026, 11, 21)).form
    form.is_valid()
    old, new = _render(INCLUDE, form), _render(TAG, form)
    assert new == old and 'class="error"' in new and "&lt;x&gt;" in new

