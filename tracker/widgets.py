"""A <select> rendered in Python: the same HTML as Django's select.html / select_option.html,
without a template render per option (a filter form's institution, group and session lists have
hundreds of options: the template per option was most of the group page's time, issue #17).
tests/test_select_widget.py compares it with Django's own rendering, so the two cannot drift."""

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


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        widget = context["widget"]
        if not all(isinstance(o["label"], (str, Promise))
                   for _n, options, _i in widget["optgroups"] for o in options):
            return self._render(self.template_name, context, renderer)  # numbers, dates: localized
        html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                html.append(f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                            f'{_attrs(option["attrs"])}>{conditional_escape(option["label"])}'
                            "</option>\n")
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    """FastSelect for several values (SelectMultiple's reading of the submitted data)."""

    allow_multiple_selected = True
