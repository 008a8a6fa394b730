"""A <select> rendered in Python: the same HTML as Django's select.html / select_option.html,
without a template render, nor a dict, per option (a filter form's institution, group and session
lists have hundreds of options: the template per option was most of the group page's time,
issue #17); a date input likewise (FastDateInput).
tests/test_select_widget.py compares both with Django's own rendering, so they cannot drift."""

import html as html_

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django_filters.fields import ModelChoiceIterator as FilterChoiceIterator


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html: False drops the attribute, True writes its bare name.
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}" if value is True else
                   f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(out)


def _escape(value) -> str:
    # conditional_escape without its lazy-string wrapper (thousands of calls per filter form).
    return value.__html__() if hasattr(value, "__html__") else html_.escape(str(value))


class FastSelect(forms.Select):
    def _choice_list(self) -> list:
        """The choices, read once. A model choice field's iterator runs `.iterator()`, a
        server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips) for a list of
        a few dozen rows; its query is run here as a plain SELECT, and each row becomes the same
        (value, label) pair the iterator yields."""
        choices = self.choices
        # Only Django's own iterator and django-filter's (the same, with its "null" choice after
        # the empty one): one of ours (tracker.fields) reads its rows its own way.
        kind = type(choices).__iter__ if isinstance(choices, ModelChoiceIterator) else None
        if kind is ModelChoiceIterator.__iter__ or kind is FilterChoiceIterator.__iter__:
            queryset = choices.queryset.all()
            field = choices.field
            head = [("", field.empty_label)] if field.empty_label is not None else []
            if kind is FilterChoiceIterator.__iter__ and field.null_label is not None:
                head.append((field.null_value, field.null_label))
            return head + [choices.choice(obj) for obj in queryset]
        return list(iter(choices))  # list(iterator) would ask its __len__: a COUNT query

    def render(self, name, value, attrs=None, renderer=None):
        choices = self._choice_list()
        if self.option_inherits_attrs or not all(
                isinstance(label, (str, Promise)) or (
                    isinstance(label, (list, tuple))
                    and all(isinstance(sub, (str, Promise)) for _v, sub in label))
                for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # numbers, dates: localized
        # Widget.get_context: name, value (as a list of strings), attrs; not ChoiceWidget's, which
        # builds a dict per option (optgroups/create_option) for the option template.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True  # Select.get_context
        selected_values = widget["value"]
        html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        has_selected = False
        for option_value, option_label in choices:  # ChoiceWidget.optgroups, then the templates
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, (list, tuple))
            if grouped:
                html.append(f'\n  <optgroup label="{_escape(option_value)}">')
            for subvalue, sublabel in (option_label if grouped else [(option_value, option_label)]):
                selected = ((not has_selected or self.allow_multiple_selected)
                            and str(subvalue) in selected_values)
                has_selected |= selected
                html.append(f'\n  <option value="{_escape(subvalue)}"'
                            f'{" selected" if selected else ""}>{_escape(sublabel)}'
                            "</option>\n")
            if grouped:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    """FastSelect for several values (SelectMultiple's reading of the submitted data)."""

    allow_multiple_selected = True


class FastDateInput(forms.DateInput):
    """A DateInput written in Python: the same HTML as Django's date.html / input.html /
    attrs.html, without the three template renders (a filter form's two date fields were a
    tenth of the group page's template time, issue #17). tests/test_select_widget.py compares
    it with Django's own rendering."""

    def render(self, name, value, attrs=None, renderer=None):
        if self.template_name != forms.DateInput.template_name:
            return super().render(name, value, attrs, renderer)  # a subclass's own template
        widget = self.get_context(name, value, attrs)["widget"]
        # input.html: the value's |stringformat:'s' is a plain string, so always escaped.
        value = "" if widget["value"] is None else f' value="{html_.escape(str(widget["value"]))}"'
        return mark_safe(f'<input type="{conditional_escape(widget["type"])}" '
                         f'name="{conditional_escape(widget["name"])}"{value}'
                         f'{_attrs(widget["attrs"])}>')
