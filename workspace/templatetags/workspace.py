from django import template

from agreements.models import Acuerdo

register = template.Library()


@register.filter
def status_label(value) -> str:
    """The label of an annotated `status_value` (Acuerdo.objects.with_status)."""
    try:
        return Acuerdo.Status(value).label
    except ValueError:
        return value


@register.simple_tag
def minuta_event_sentence(event) -> str:
    from ..history import minuta_event_sentence as sentence

    return sentence(event)


@register.simple_tag
def acuerdo_event_change(event) -> str:
    """ "old → new" of an acuerdo history row, with labels instead of codes."""
    from ..history import acuerdo_event_values

    old, new = acuerdo_event_values(event)
    return f"{old or '—'} → {new or '—'}"
