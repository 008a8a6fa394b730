"""Form fields shared by the apps' forms: filter lists read as rows, ids that must fit the
database."""

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


class CachedChoiceIterator(ModelChoiceIterator):
    """The options from the field's queryset itself, evaluated once and kept: Django's iterator
    runs its query through a server-side cursor (DECLARE, FETCH, CLOSE on PostgreSQL: three
    round trips for a few dozen groups or themes) each time the widget renders."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose ids must fit a database integer: SQLite raised
    OverflowError (a 500) on `?themes=136995240737933704792065991245824`; PostgreSQL just finds
    nothing. Such an id is "not a valid value", like any id that matches no row."""

    iterator = CachedChoiceIterator

    def _check_values(self, value):
        for pk in value:
            try:
                fits = -(2**63) <= int(pk) < 2**63
            except (TypeError, ValueError):
                fits = True  # not a number: the field's own message says so
            if not fits:
                raise forms.ValidationError(self.error_messages["invalid_choice"],
                                            code="invalid_choice", params={"value": pk})
        return super()._check_values(value)
