"""Hooks of the work plan on other apps' pages: the enlace's "Mis acuerdos" (plans open to their
proposals), the group page (its plans), the acuerdo page (the actividades it follows up)."""

from django import template

from tracker import access

register = template.Library()


@register.inclusion_tag("workplan/_to_propose.html", takes_context=True)
def plans_to_propose(context):
    """One query; nothing for anyone who is not an enlace (no query either)."""
    return {"plans": access.plans_to_propose_on(context["request"].user)}


@register.inclusion_tag("workplan/_group_plans.html", takes_context=True)
def group_plans(context, group, can_edit=None, plans=None):
    """`can_edit`: access.can_edit_group(user, group) when the page asked it already (the group
    page: one query fewer); asked here otherwise. `plans`: the group's plans the user may read
    when the page read them (access.group_plans_visible); read here otherwise."""
    user = context["request"].user
    if can_edit is None:
        can_edit = access.can_edit_group(user, group)
    if plans is None:
        plans = list(access.plans_visible_to(user).filter(group=group).order_by("-year"))
    return {"group": group, "plans": plans, "can_edit": can_edit}


@register.inclusion_tag("workplan/_acuerdo_actividades.html", takes_context=True)
def acuerdo_plan_panel(context, acuerdo):
    """Two queries for a reader (the linked actividades and the plans it is about, of the plans
    they may read); one more for the group's secretariat (the choices of the form).
    `can_manage` comes from the acuerdo page."""
    from workplan.forms import ActividadesForm
    from workplan.selectors import acuerdo_actividades, actividad_choices

    user = context["request"].user
    linked = acuerdo_actividades(acuerdo, plans=access.plans_visible_to(user))
    about = list(access.plans_visible_to(user).filter(acuerdo_links__acuerdo=acuerdo)
                 .order_by("-year"))
    data = {"acuerdo": acuerdo, "linked": linked, "about": about, "form": None,
            "csrf_token": context.get("csrf_token")}
    if context.get("can_manage"):
        choices = actividad_choices(acuerdo.group)
        if choices:
            data["form"] = ActividadesForm(choices=choices,
                                           initial={"actividades": [str(a.pk) for a in linked]})
    return data
