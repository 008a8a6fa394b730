from django import template

register = template.Library()


@register.filter
def decision(decisions: dict, key: str) -> str:
    """The secretary's choice for one item of the preview (kept when the page comes back)."""
    return decisions.get(key, "")
