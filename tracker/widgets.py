"""A <select> rendered in Python: the same HTML as Django's select.html / select_option.html,
without a template render per option (a filter form's institution, group and session lists have
hundreds of options: the template per option was most of the group page's time, issue #17).
tests/test_select_widget.py compares it with Django's own rendering, so the two cannot drift."""

import html

from django import forms
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


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
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _is_text(label) -> bool:
    return isinstance(label, (str, Promise))


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        # Straight from the choices, as ChoiceWidget.optgroups/create_option would lay them out:
        # no dict per option, no template per option.
        choices = [("" if v is None else v, label) for v, label in self.choices]
        if not all(_is_text(sub) for _v, label in choices
                   for sub in ([s for _sv, s in label] if isinstance(label, (list, tuple))
                               else [label])):
            return self._render(self.template_name, self.get_context(name, value, attrs),
                                renderer)  # numbers, dates: localized by the templates
        chosen = self.format_value(value)
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        html_ = [f'<select name="{_escape(name)}"{_attrs(attrs)}>']
        has_selected = False
        for option_value, option_label in choices:
            grouped = isinstance(option_label, (list, tuple))
            group_name = option_value if grouped else None
            if group_name:
                html_.append(f'\n  <optgroup label="{_escape(group_name)}">')
            for sub_value, sub_label in (option_label if grouped else [(option_value,
                                                                        option_label)]):
                selected = ((not has_selected or self.allow_multiple_selected)
                            and str(sub_value) in chosen)
                has_selected |= selected
                html_.append(f'\n  <option value="{_escape(sub_value)}"'
                             f'{" selected" if selected else ""}>{_escape(sub_label)}'
                             "</option>\n")
            if group_name:
                html_.append("\n  </optgroup>")
        html_.append("\n</select>")
        return mark_safe("".join(html_))


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    """FastSelect for several values (SelectMultiple's reading of the submitted data)."""

    allow_multiple_selected = True
