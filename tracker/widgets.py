"""Form widgets shared by the apps."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A <select> written out in Python: the markup of Django's Select (its attributes, the
    empty choice, the selected option), without one template render per option. For filters
    with hundreds of options shown on every request (the search page: 200 groups and 400
    institutions were most of its Python time, bench/search.py). Flat choices only."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            mark = ""
            if option_value in selected:
                mark = " selected"
                if not self.allow_multiple_selected:
                    selected = set()  # like Django's Select: only the first match
            options.append(f'<option value="{html.escape(option_value)}"{mark}>'
                           f"{html.escape(str(label))}</option>")
        return mark_safe(f'<select name="{html.escape(name)}"{flatatt(attrs)}>\n  '
                         + "\n  ".join(options) + "\n</select>")


class PlainSelectMultiple(PlainSelect, forms.SelectMultiple):
    """PlainSelect for several values (SelectMultiple's reading of the submitted data)."""
