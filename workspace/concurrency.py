"""Optimistic concurrency for in-place editing: each editable field travels with a token of the
value the page showed. A save whose token no longer matches the stored value was made on a stale
page: it is refused, showing the newer value, and the user's text stays in the form."""

from django import forms
from django.utils.translation import gettext as _

from tracker.versions import StaleWrite, display, token

__all__ = ["PREFIX", "StaleWrite", "VersionedForm", "display", "token", "tokens_for"]

PREFIX = "v_"


def tokens_for(instance, fields) -> dict[str, str]:
    return {name: token(getattr(instance, name)) for name in fields}


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

    def sent_token(self, name) -> str | None:
        """The version token the page sent for `name` (None without one): services that write
        the value compare it under a row lock (tracker.versions.check_version)."""
        return self.data.get(PREFIX + name) or None

    def refuse_stale(self, exc: StaleWrite) -> None:
        """A service refused the save as stale: the message with the newer value goes next to the
        field, the user's text stays bound, and the next save deliberately replaces what is
        now shown."""
        self.add_error(exc.field, exc.messages[0])
        self.tokens[exc.field] = token(exc.current)

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
