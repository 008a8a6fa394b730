"""Home, group page, planning a session, reading an earlier revision."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tracker import access
from meetings.models import Session
from meetings.services import session_next_number, session_plan

from .. import selectors
from ..forms import PlanSessionForm
from .common import apply_errors


@login_required
def home(request):
    context = selectors.home(request.user, timezone.localdate())
    return render(request, "workspace/home.html", context)


def _plan_form(group, data=None):
    initial = {"type": Session.Type.ORDINARIA,
               "number": session_next_number(group=group, type=Session.Type.ORDINARIA)}
    return PlanSessionForm(data, initial=initial, prefix="plan")


def _group_context(request, group, plan_form=None):
    context = selectors.group_page(group, request.GET, timezone.localdate())
    can_edit = access.can_edit_group(request.user, group)
    context.update(
        group=group,
        can_edit=can_edit,
        # Only the plan form shows them: no MAX(number) queries for a reader (a coordinator).
        next_numbers=({t: session_next_number(group=group, type=t) for t in Session.Type.values}
                      if can_edit else {}),
    )
    # Which minutas (a draft or in-review one is linked only for those who may read it) and work
    # plans the user may open, from what the page has read: the calendar, the group's
    # institutions, the followed groups' ids (tracker.access).
    followed = access.request_followed_group_ids(request)
    members = {i.pk for i in context["institutions"]}
    context["readable_sessions"] = access.group_sessions_readable(
        request.user, group, context["sessions"], followed_ids=followed,
        member_institution_ids=members)
    context["plans"] = access.group_plans_visible(
        request.user, group, followed_ids=followed, member_institution_ids=members)
    if can_edit:
        context["plan_form"] = plan_form or _plan_form(group)
    return context


@login_required
def group(request, group_id):
    group = access.access_group(request.user, group_id)
    return render(request, "workspace/group.html", _group_context(request, group))


@login_required
@require_POST
def plan_session(request, group_id):
    group = access.access_group(request.user, group_id, write=True)
    form = _plan_form(group, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            session = session_plan(
                group=group, type=data["type"], number=data["number"], date=data["date"],
                start_time=data["start_time"], end_time=data["end_time"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("workspace:session", session.pk)
    return render(request, "workspace/group.html", _group_context(request, group, form), status=422)


@login_required
def revision(request, session_id, number):
    # A frozen approved revision: members read it even while a correction is being drafted.
    session = access.access_session(request.user, session_id, approved_record=True)
    revision = get_object_or_404(session.minuta_revisions, number=number)
    # The PDF stored when this revision was approved, if the render task has run.
    document = session.documents.filter(revision=number, format="pdf").first()
    return render(request, "workspace/revision.html", {
        "session": session, "revision": revision, "content": revision.content,
        "document": document})
