from django import template

from tracker import access

from ..selectors import panel_data

register = template.Library()


@register.inclusion_tag("convocatorias/panel.html", takes_context=True)
def convocatoria_panel(context, session):
    """The editor's Convocatoria section: send, who answered, quorum, remind, pre-fill."""
    can_edit = context.get("can_edit")
    if can_edit is None:
        can_edit = access.can_edit_group(context["request"].user, session.group)
    return {"session": session, "csrf_token": context.get("csrf_token"), "can_edit": can_edit,
            **panel_data(session, attendances=context.get("attendances"))}


@register.inclusion_tag("convocatorias/to_confirm.html", takes_context=True)
def sessions_to_confirm(context):
    return {"sessions": list(access.sessions_to_confirm(context["request"].user))}
