"""{% id_link "app:name" as link %} once, then {{ link|with_id:row.pk }} per row: the same URL
as {% url "app:name" row.pk %}, reversed once (tracker.links)."""

from django import template
from django.utils.safestring import mark_safe

from tracker.links import IdLink

register = template.Library()


@register.simple_tag
def id_link(name: str) -> IdLink:
    return IdLink(name)


@register.filter
def with_id(link: IdLink, pk) -> str:
    return mark_safe(link(pk))
