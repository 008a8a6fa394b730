"""Acuerdo numbers from a group's pattern: "{session}/{type}-{seq}" gives "5/SO-1"."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDERS = {"session", "type", "seq", "year", "group"}


def validate_number_pattern(pattern: str) -> None:
    try:
        fields = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name}
    except ValueError as exc:
        raise ValidationError(_("The pattern is not valid: %(error)s") % {"error": exc}) from exc
    unknown = fields - PLACEHOLDERS
    if unknown:
        raise ValidationError(
            _("Unknown placeholders: %(names)s. Use {session}, {type}, {seq}, {year}, {group}.")
            % {"names": ", ".join(sorted(unknown))}
        )
    if "seq" not in fields:
        raise ValidationError(_("The pattern must contain {seq}, or numbers would repeat."))


def format_acuerdo_number(*, pattern: str, session, sequence: int) -> str:
    return pattern.format(
        session=session.number,
        type=session.type,
        seq=sequence,
        year=session.date.year,
        group=session.group.acronym,
    )
