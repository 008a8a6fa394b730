"""Form fields shared by the apps' filter forms."""

from django import forms
from django.forms.models import ModelChoiceIterator


class _ValuesIterator(ModelChoiceIterator):
    # (pk, label) rows instead of a model instance and a __str__ call per option.
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", self.field.label_field)


class ValuesModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are read as (pk, `label_field`) rows, for lists of
    hundreds of groups or institutions on every search (~20 ms of model instances per page at
    scale 1). `label_field` must give what the model's __str__ gives (tests/test_fields.py
    compares the two renderings). Cleaning is ModelChoiceField's own: the chosen instance."""

    iterator = _ValuesIterator

    def __init__(self, queryset, *, label_field: str, **kwargs):
        self.label_field = label_field
        super().__init__(queryset, **kwargs)
