"""The e-mail an enlace gets when the secretariat decides their proposal: the notifications app's
exactly-once rows (kind "decision", object "proposal:<id>", one step per decision)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from notifications.models import Notification
from notifications.policy import languages_for
from notifications.rendering import absolute
from notifications.services.delivery import queue_due
from notifications import planning


def notify_plan_proposal_decided(*, proposal_id: int) -> None:
    from .models import Proposal

    proposal = Proposal.objects.select_related(
        "actividad__plan__group", "actividad__eje", "institution", "proposed_by__person",
    ).get(pk=proposal_id)
    recipient = planning.user_recipient(proposal.proposed_by)
    if recipient is None or proposal.status not in (Proposal.Status.ACCEPTED,
                                                   Proposal.Status.DECLINED):
        return
    plan = proposal.actividad.plan
    language = languages_for([recipient.user_id]).get(recipient.user_id, settings.LANGUAGE_CODE)
    row = planning.draft(
        kind=Notification.Kind.DECISION,
        recipient=recipient,
        object_key=f"proposal:{proposal.pk}",
        step=f"proposal:{proposal.pk}:{proposal.status}",
        language=language,
        template="plan_proposal",
        context={"proposal": proposal, "plan": plan, "actividad": proposal.actividad,
                 "accepted": proposal.status == Proposal.Status.ACCEPTED,
                 "url": absolute(reverse("workplan:plan", args=[plan.group_id, plan.year]))},
        reason=planning.reason(gettext_noop("Decision on a proposal for the work plan %(plan)s."),
                               plan=plan),
        group=plan.group,
    )
    planning.insert([row])  # the unique key makes a second call for the same decision a no-op
    queue_due(now=timezone.now())
