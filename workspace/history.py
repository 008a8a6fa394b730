"""How history rows read: sentences with the labels users see elsewhere (choice labels, 13:30,
dates as the rest of the page writes them), in the reader's language.

Display only: the stored rows keep what the services wrote (a field's verbose name or a word such
as "participant", translated in the writer's language, and raw values such as "planned" or
"13:30:00"). So the words are matched in every language the site offers."""

import datetime
import functools
import re

from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils import translation
from django.utils.translation import gettext as _

from agreements.models import Acuerdo, Responsibility
from meetings.models import MinutaEvent, Session

TIME = re.compile(r"^(\d{2}:\d{2})(:\d{2}(\.\d+)?)?$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@functools.lru_cache(maxsize=None)
def _in_every_language(msgid: str) -> frozenset[str]:
    words = {msgid.lower()}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.add(str(_(msgid)).lower())
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def _header_fields() -> dict:
    """Session fields by their verbose name in every language (what a stored `what` holds)."""
    fields = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for field in Session._meta.get_fields():
                if getattr(field, "verbose_name", None):
                    fields.setdefault(str(field.verbose_name).lower(), field)
    return fields


def _header_field(label: str):
    return _header_fields().get(label.strip().lower())


def _choice_labels(*choice_classes) -> dict:
    labels = {}
    for choices in choice_classes:
        for member in choices:
            labels[member.value] = member.label
    return labels


def display_value(value: str, field=None) -> str:
    """A stored value as the pages show it: a choice's label, 13:30 for 13:30:00, a date."""
    if not value:
        return ""
    choices = getattr(field, "choices", None)
    if choices:
        for key, label in choices:
            if str(key) == value:
                return str(label)
    match = TIME.match(value)
    if match:
        return match.group(1)
    if DATE.match(value):
        try:
            return date_filter(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    return value


def _quoted(text: str, limit: int = 120) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"“{text}”"


def minuta_event_sentence(event: MinutaEvent) -> str:
    """What happened, as a sentence without the actor (the row shows who)."""
    what, old, new = event.what, event.old_value, event.new_value
    if event.kind == MinutaEvent.Kind.SUBMITTED:
        return _("sent the minuta to review")
    if event.kind == MinutaEvent.Kind.APPROVED:
        return _("gave the visto bueno: the minuta is approved")
    if event.kind == MinutaEvent.Kind.RETURNED:
        return _("returned the minuta with comments")
    if event.kind == MinutaEvent.Kind.REOPENED:
        return _("opened a correction: revision %(new)s") % {"new": new or event.revision}
    participant, removed = _in_every_language("participant"), _in_every_language("removed")
    if new.lower() in participant and not old:
        return _("added %(name)s as a participant") % {"name": what}
    if old.lower() in participant and new.lower() in removed:
        return _("removed %(name)s from the participants") % {"name": what}
    if new.lower() in _in_every_language("present"):
        return _("marked %(name)s as present") % {"name": what}
    if new.lower() in _in_every_language("absent"):
        return _("marked %(name)s as absent (not listed in the minuta)") % {"name": what}
    if what.lower() in _in_every_language("agenda item"):
        if not old:
            return _("added the agenda item %(item)s") % {"item": _quoted(new)}
        if new.lower() in removed:
            return _("removed the agenda item %(item)s") % {"item": _quoted(old)}
        return _("changed the agenda item %(old)s to %(new)s") % {
            "old": _quoted(old), "new": _quoted(new)}
    if what.lower() in _in_every_language("agenda order"):
        return _("reordered the agenda")
    if what.lower() in _in_every_language("photo"):
        if new.lower() in removed:
            return _("removed the photo %(photo)s") % {"photo": _quoted(old)}
        return _("added the photo %(photo)s") % {"photo": _quoted(new)}
    if what.lower() in _in_every_language("photo caption"):
        return _("changed a photo's caption to %(new)s") % {"new": _quoted(new)}
    field = _header_field(what)
    label = str(field.verbose_name) if field is not None else what
    old, new = display_value(old, field), display_value(new, field)
    if old and new:
        return _("changed %(field)s from %(old)s to %(new)s") % {
            "field": label, "old": _quoted(old), "new": _quoted(new)}
    if new:
        return _("set %(field)s to %(new)s") % {"field": label, "new": _quoted(new)}
    if old:
        return _("cleared %(field)s (was %(old)s)") % {"field": label, "old": _quoted(old)}
    return _("changed %(field)s") % {"field": label}


PART_STATUS = _choice_labels(Responsibility.Status)
ACUERDO_STATUS = _choice_labels(Acuerdo.Status)


def acuerdo_event_values(event) -> tuple[str, str]:
    """An acuerdo history row's old and new values as the pages show them: status labels
    ("Pendiente → Cumplimiento informado"), dates."""
    labels = PART_STATUS if event.responsibility_id else {**PART_STATUS, **ACUERDO_STATUS}

    def show(value):
        if value in labels:
            return str(labels[value])
        return display_value(value)

    return show(event.old_value), show(event.new_value)
