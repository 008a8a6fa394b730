"""Pages of the work plan. Views find objects through tracker.access (404 outside the user's
scope), call a service, and render; a refused write shows the page again with the message and
what was typed (status 400), never a 500."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import Acuerdo
from tracker import access
from workspace.views.common import apply_errors

from . import selectors, services
from .forms import (
    ActividadesForm, ActividadForm, ActividadInstitutionsForm, ApproveForm, CancelForm,
    ConsultationForm, DecisionForm, EjeForm, PlannedSessionForm, PlanForm, ProposalForm,
)
from .models import Actividad


def _plan_url(plan, anchor=""):
    return reverse("workplan:plan", args=[plan.group_id, plan.year]) + anchor


def _context(request, plan, bound=None):
    bound = bound or {}
    day = timezone.localdate()
    page = selectors.plan_page(plan, day)
    can_edit = access.can_edit_plan(request.user, plan)
    institution = access.enlace_institution(request.user)
    context = {
        "plan": plan, "page": page, "day": day, "can_edit": can_edit,
        "can_propose": plan.in_consultation and institution is not None
        and access.can_propose_on(request.user, plan),
        "institution": institution,
    }
    if can_edit:
        acuerdos = selectors.approving_acuerdo_choices(plan)
        context.update(
            consultation_form=bound.get("consultation") or ConsultationForm(prefix="c"),
            approve_form=bound.get("approve") or ApproveForm(prefix="a", acuerdos=acuerdos),
            calendar_form=bound.get("calendar") or ApproveForm(prefix="k", acuerdos=acuerdos),
            session_form=bound.get("session") or PlannedSessionForm(prefix="s"),
            eje_form=bound.get("eje") or EjeForm(prefix="e"),
            history=selectors.plan_history(plan, limit=30),
            unplanned=[s for s in page.planned_sessions if s.session_id is None],
        )
        for eje in page.ejes:
            eje.form = bound.get(("actividad", eje.pk)) or ActividadForm(prefix=f"x{eje.pk}")
    return context


def _page(request, plan, bound=None, status=200):
    return render(request, "workplan/plan.html", _context(request, plan, bound), status=status)


def _refused(request, plan, exc, key=None, form=None):
    if form is not None:
        apply_errors(form, exc)
    else:
        for message in exc.messages:
            messages.error(request, message)
    return _page(request, plan, {key: form} if key else None, status=400)


def _submit(request, plan, form, key, write, *, success="", anchor=""):
    """The plan page's one shape: a valid form goes to `write(cleaned_data)` (a service call);
    an invalid form or the service's refusal comes back on the plan page with what was typed
    (400); success says so (when there is something to say) and returns to the plan."""
    if not form.is_valid():
        return _page(request, plan, {key: form}, status=400)
    try:
        result = write(form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, plan, exc, key, form)
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(_plan_url(plan, anchor))


@login_required
def plan_detail(request, group_id, year):
    plan = access.access_plan_by_year(request.user, group_id, year)
    return _page(request, plan)


@login_required
def group_plans(request, group_id):
    """The group's plans; its secretariat starts a new one here."""
    group = access.access_group(request.user, group_id)
    can_edit = access.can_edit_group(request.user, group)
    form = PlanForm(request.POST if request.method == "POST" and can_edit else None)
    if form.is_bound and form.is_valid():
        try:
            plan = services.plan_create(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(_plan_url(plan))
    plans = access.plans_visible_to(request.user).filter(group=group).order_by("-year")
    return render(request, "workplan/group_plans.html",
                  {"group": group, "plans": plans, "can_edit": can_edit, "form": form},
                  status=400 if form.is_bound else 200)


@login_required
@require_POST
def plan_submit(request, pk):
    plan = access.access_plan(request.user, pk, write=True)
    return _submit(
        request, plan, ConsultationForm(request.POST, prefix="c"), "consultation",
        lambda data: services.plan_submit_for_consultation(plan=plan, until=data["until"],
                                                           actor=request.user),
        success=_("The plan is in consultation: the enlaces can propose."))


def _acuerdo_of(plan, form):
    try:
        return Acuerdo.objects.adopted().get(pk=form.cleaned_data["acuerdo"], group=plan.group)
    except (Acuerdo.DoesNotExist, ValueError, TypeError):
        raise ValidationError({"acuerdo": _("Choose an adopted acuerdo of the group.")}) from None


@login_required
@require_POST
def plan_approve(request, pk):
    plan = access.access_plan(request.user, pk, write=True)
    form = ApproveForm(request.POST, prefix="a",
                       acuerdos=selectors.approving_acuerdo_choices(plan))
    return _submit(
        request, plan, form, "approve",
        lambda data: services.plan_approve(plan=plan, acuerdo=_acuerdo_of(plan, form),
                                           actor=request.user),
        success=_("The plan is approved; the sessions of its calendar are planned."))


@login_required
@require_POST
def calendar_approve(request, pk):
    plan = access.access_plan(request.user, pk, write=True)
    form = ApproveForm(request.POST, prefix="k",
                       acuerdos=selectors.approving_acuerdo_choices(plan))
    return _submit(
        request, plan, form, "calendar",
        lambda data: services.plan_approve_calendar(plan=plan, acuerdo=_acuerdo_of(plan, form),
                                                    actor=request.user),
        success=lambda planned: _("Calendar approved: %(n)s sessions planned.") % {
            "n": len(planned)},
        anchor="#calendario")


@login_required
@require_POST
def planned_session_add(request, pk):
    plan = access.access_plan(request.user, pk, write=True)
    return _submit(
        request, plan, PlannedSessionForm(request.POST, prefix="s"), "session",
        lambda data: services.planned_session_add(plan=plan, actor=request.user, **data),
        anchor="#calendario")


@login_required
@require_POST
def eje_add(request, pk):
    plan = access.access_plan(request.user, pk, write=True)
    return _submit(
        request, plan, EjeForm(request.POST, prefix="e"), "eje",
        lambda data: services.eje_add(plan=plan, title=data["title"], reason=data["reason"],
                                      actor=request.user))


@login_required
@require_POST
def actividad_add(request, eje_id):
    eje = access.access_eje(request.user, eje_id, write=True)
    return _submit(
        request, eje.plan, ActividadForm(request.POST, prefix=f"x{eje.pk}"), ("actividad", eje.pk),
        lambda data: services.actividad_add(eje=eje, actor=request.user, **data),
        anchor=f"#eje-{eje.pk}")


@login_required
@require_POST
def actividad_move(request, pk):
    actividad = access.access_actividad(request.user, pk, write=True)
    try:
        services.actividad_move(actividad=actividad, direction=request.POST.get("direction"),
                                reason=request.POST.get("reason", ""), actor=request.user)
    except ValidationError as exc:
        return _refused(request, actividad.plan, exc)
    return redirect(_plan_url(actividad.plan, f"#actividad-{actividad.pk}"))


# --- One actividad: its text, dates, institutions, cancellation ----------------------------------


def _edit_forms(actividad, data=None):
    """The edit page's two forms, filled with what the actividad has (or with what was sent)."""
    initial = {name: getattr(actividad, name) for name in services.ACTIVIDAD_FIELDS}
    parts = {p.institution_id: p.role for p in actividad.institutions.all()}
    institutions = actividad.plan.group.member_institutions().order_by("acronym")
    return (
        ActividadForm(data, prefix="x", initial=initial),
        ActividadInstitutionsForm(data, prefix="i", institutions=institutions, initial={
            "all_institutions": actividad.all_institutions,
            "responsables": [str(pk) for pk, r in parts.items() if r == "responsable"],
            "coadyuvantes": [str(pk) for pk, r in parts.items() if r == "coadyuvante"],
        }),
    )


def _edit_page(request, actividad, form, institutions_form, cancel_form=None, status=200):
    return render(request, "workplan/actividad_edit.html", {
        "actividad": actividad, "plan": actividad.plan, "form": form,
        "institutions_form": institutions_form,
        "cancel_form": cancel_form or CancelForm(prefix="k"),
    }, status=status)


@login_required
def actividad_edit(request, pk):
    actividad = access.access_actividad(request.user, pk, write=True)
    if request.method != "POST":
        return _edit_page(request, actividad, *_edit_forms(actividad))
    form, institutions_form = _edit_forms(actividad, request.POST)
    if not (form.is_valid() and institutions_form.is_valid()):
        return _edit_page(request, actividad, form, institutions_form, status=400)
    data, parts = dict(form.cleaned_data), institutions_form.cleaned_data
    reason = data.pop("reason", "")
    try:
        services.actividad_edit(
            actividad=actividad, responsables=parts["responsables"],
            coadyuvantes=parts["coadyuvantes"], all_institutions=parts["all_institutions"],
            actor=request.user, reason=reason, **data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return _edit_page(request, actividad, form, institutions_form, status=400)
    messages.success(request, _("Actividad saved."))
    return redirect(_plan_url(actividad.plan, f"#actividad-{actividad.pk}"))


@login_required
@require_POST
def actividad_cancel(request, pk):
    actividad = access.access_actividad(request.user, pk, write=True)
    cancel_form = CancelForm(request.POST, prefix="k")
    if cancel_form.is_valid():
        try:
            services.actividad_cancel(actividad=actividad, actor=request.user,
                                      reason=cancel_form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(cancel_form, exc)
        else:
            messages.success(request, _("Actividad cancelled."))
            return redirect(_plan_url(actividad.plan, f"#actividad-{actividad.pk}"))
    return _edit_page(request, actividad, *_edit_forms(actividad), cancel_form=cancel_form,
                      status=400)


# --- Proposals ---------------------------------------------------------------------------------


def _propose_context(request, plan, bound=None):
    bound = bound or {}
    institution = access.enlace_institution(request.user)
    page = selectors.plan_page(plan, timezone.localdate())
    own = selectors.institution_proposals(plan, institution)
    for eje in page.ejes:
        for a in eje.items:
            a.own_proposals = own.get(a.pk, [])
            a.own_role = next((p.role for p in a.institutions.all()
                               if p.institution_id == institution.pk), None)
            a.form = bound.get(a.pk) or ProposalForm(prefix=f"p{a.pk}")
    return {"plan": plan, "page": page, "institution": institution}


@login_required
def plan_propose(request, pk):
    """The enlace's form: propose their own institution on the plan's actividades."""
    plan = access.access_plan_for_proposals(request.user, pk)
    if request.method != "POST":
        return render(request, "workplan/propose.html", _propose_context(request, plan))
    institution = access.enlace_institution(request.user)
    try:
        actividad = plan.actividades.get(pk=request.POST.get("actividad"))
    except (plan.actividades.model.DoesNotExist, ValueError, TypeError):
        messages.error(request, _("Choose an actividad of this plan."))
        return render(request, "workplan/propose.html", _propose_context(request, plan),
                      status=400)
    form = ProposalForm(request.POST, prefix=f"p{actividad.pk}")
    if form.is_valid():
        try:
            services.proposal_create(actividad=actividad, institution=institution,
                                     actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Proposal sent to the secretariat."))
            return redirect(reverse("workplan:propose", args=[plan.pk])
                            + f"#actividad-{actividad.pk}")
    return render(request, "workplan/propose.html",
                  _propose_context(request, plan, {actividad.pk: form}), status=400)


@login_required
@require_POST
def proposal_withdraw(request, pk):
    proposal = access.access_proposal(request.user, pk, own=True)
    try:
        services.proposal_withdraw(proposal=proposal, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(reverse("workplan:propose", args=[proposal.actividad.plan_id]))


@login_required
def proposal_queue(request, pk, bound=None, status=200):
    plan = access.access_plan(request.user, pk, write=True)
    pending, decided = selectors.proposal_queue(plan)
    bound = bound or {}
    for p in pending:
        p.form = bound.get(p.pk) or DecisionForm(prefix=f"d{p.pk}")
    return render(request, "workplan/proposals.html",
                  {"plan": plan, "pending": pending, "decided": decided}, status=status)


@login_required
@require_POST
def proposal_decide(request, pk):
    proposal = access.access_proposal(request.user, pk, manage=True)
    plan = proposal.actividad.plan
    form = DecisionForm(request.POST, prefix=f"d{proposal.pk}")
    action = request.POST.get("action")
    if form.is_valid() and action in ("accept", "decline"):
        write = services.proposal_accept if action == "accept" else services.proposal_decline
        try:
            write(proposal=proposal, note=form.cleaned_data["note"], actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Proposal accepted.") if action == "accept"
                             else _("Proposal declined."))
            return redirect(reverse("workplan:proposals", args=[plan.pk]))
    return proposal_queue(request, plan.pk, bound={proposal.pk: form}, status=400)


# --- Acuerdos ↔ actividades ---------------------------------------------------------------------


@login_required
@require_POST
def acuerdo_actividades(request, acuerdo_id):
    """From the acuerdo page: which actividades of the group's plans this acuerdo follows up."""
    acuerdo = access.access_acuerdo(request.user, acuerdo_id, write=True)
    form = ActividadesForm(request.POST, choices=selectors.actividad_choices(acuerdo.group))
    if form.is_valid():
        # The choices are the group's own actividades (the acuerdo's write access is the
        # group's): the form refused any other id.
        actividades = Actividad.objects.filter(pk__in=form.cleaned_data["actividades"],
                                               plan__group=acuerdo.group)
        with transaction.atomic():
            services.acuerdo_set_actividades(acuerdo=acuerdo, actividades=list(actividades),
                                             actor=request.user)
        messages.success(request, _("Actividades of the work plan saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(reverse("followup:acuerdo", args=[acuerdo.pk]) + "#plan")
