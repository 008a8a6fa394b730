"""{{ value|human_date }}, {{ value|human_date:"weekday" }}: tracker.dates.format_date in the
active language. A builtin (settings: TEMPLATES builtins), so templates need no {% load %}."""

from django import template

from tracker.dates import format_date

register = template.Library()


@register.filter
def human_date(value, form="long"):
    return format_date(value, form)
