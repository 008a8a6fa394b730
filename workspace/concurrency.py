"""Optimistic concurrency for in-place editing: each editable field travels with a token of the
value the page showed. A save whose token no longer matches the stored value was made on a stale
page: it is refused, showing the newer value, and the user's text stays in the form."""

import hashlib

from django import forms
from django.utils.translation import gettext as _

PREFIX = "v_"


def token(value) -> str:
    text = "" if value is None else str(value)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def tokens_for(instance, fields) -> dict[str, str]:
    return {name: token(getattr(instance, name)) for name in fields}


def display(value) -> str:
    if value is None or value == "":
        return _("(empty)")
    if hasattr(value, "strftime") and hasattr(value, "hour"):
        return value.strftime("%H:%M")
    return str(value)


class VersionedForm(forms.Form):
    """A form bound to an object's current values; `clean` refuses fields changed meanwhile."""

    versioned_fields: tuple[str, ...] = ()

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        self.tokens = tokens_for(instance, self.versioned_fields) if instance is not None else {}
        if self.is_bound:
            # Re-rendered after an error: keep the tokens of the page the user edited.
            self.tokens.update({name: self.data[PREFIX + name] for name in self.versioned_fields
                                if self.data.get(PREFIX + name)})

    def current(self, name):
        return getattr(self.instance, name)

    def clean(self):
        cleaned = super().clean()
        if self.instance is None or not self.is_bound:
            return cleaned
        for name in self.versioned_fields:
            if name not in cleaned:
                continue
            sent = self.data.get(PREFIX + name)
            now = self.current(name)
            if sent is not None and sent != token(now) and cleaned[name] != now:
                self.add_error(name, _(
                    "Someone else changed this meanwhile. The newer value is: “%(value)s”. "
                    "Your text is kept here: save again to replace it.")
                    % {"value": display(now)})
                # The next save is a deliberate overwrite of the value now shown.
                self.tokens[name] = token(now)
        return cleaned
