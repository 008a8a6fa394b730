"""Version tokens for optimistic concurrency: an editable value travels to the page with a token
of what the page showed, and comes back with it. The service that writes compares the token with
the stored value under a row lock (so two saves of one version cannot both win) and refuses a save
made on a stale page, or without a token, with StaleWrite: the caller keeps the user's text and
shows the newer value."""

import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def token(value) -> str:
    text = "" if value is None else str(value)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def display(value) -> str:
    if value is None or value == "":
        return _("(empty)")
    if hasattr(value, "strftime") and hasattr(value, "hour"):
        return value.strftime("%H:%M")
    return str(value)


class StaleWrite(ValidationError):
    """The value changed since the page was shown (or the page sent no version): not saved."""

    def __init__(self, field: str, current):
        self.field, self.current = field, current
        super().__init__({field: _(
            "Someone else changed this meanwhile. The newer value is: “%(value)s”. "
            "Your text is kept here: save again to replace it.") % {"value": display(current)}})


def check_version(field: str, current, sent: str | None) -> None:
    """Call with the row locked (select_for_update), before writing `field`."""
    if not sent or sent != token(current):
        raise StaleWrite(field, current)
