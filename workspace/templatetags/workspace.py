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
