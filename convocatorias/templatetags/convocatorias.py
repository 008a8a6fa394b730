from django import template

from tracker import access

from ..models import Convocatoria
from ..selectors import member_answers, quorum
from ..services import group_settings

register = template.Library()


@register.inclusion_tag("convocatorias/panel.html", takes_context=True)
def convocatoria_panel(context, session):
    """The editor's Convocatoria section: send, who answered, quorum, remind, pre-fill."""
    user = context["request"].user
    return {
        "session": session, "csrf_token": context.get("csrf_token"),
        "can_edit": access.can_edit_group(user, session.group),
        "convocatoria": Convocatoria.objects.filter(session=session).first(),
        "answers": member_answers(session), "quorum": quorum(session),
        "settings": group_settings(session.group),
    }


@register.inclusion_tag("convocatorias/to_confirm.html", takes_context=True)
def sessions_to_confirm(context):
    return {"sessions": list(access.sessions_to_confirm(context["request"].user))}
