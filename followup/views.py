"""Pages of the follow-up. Views find objects through tracker.access (404 outside the user's
scope), call a service, and render; they hold no rules of their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tracker.access import (
    access_acuerdo,
    access_due_date_request,
    access_evidence,
    access_followup,
    access_progress_report,
    access_responsibility,
    can_manage_followup,
    can_report_on,
    enlace_institution,
    request_followed_group_ids,
    request_follows_groups,
)

from agreements.models import Responsibility
from audit.services import Action, audit_record
from documents.integrity import StoredFileError, verified_file_response
from documents.views import stored_file_error

from . import exports, selectors, services
from .filters import PartFilter
from .forms import DueDateRequestForm, NoteForm, OnBehalfForm, PeriodForm, ReasonForm, ReportForm


def _list_scope(request):
    """The list needs an institution (enlace) or a followed group; anyone else: 404."""
    user = request.user
    if not (user.is_staff or enlace_institution(user) or request_follows_groups(request)):
        raise Http404


def _filtered(request, day, *, rows=True):
    """rows=False: only the form is used (the first page's rows are read apart, first_page), no
    queryset of the parts is built."""
    _list_scope(request)
    # The followed groups' ids read once for the scope and "follows a group?" (institutions).
    parts = (selectors.parts_for(request.user, day, group_ids=request_followed_group_ids(request))
             if rows else Responsibility.objects.none())
    return PartFilter(request.GET, queryset=parts, request=request, day=day)


@login_required
def part_list(request):
    """"Mis acuerdos" for an enlace; the parts of the followed groups for the secretariat and
    coordinators (the list every dashboard number links to)."""
    day = timezone.localdate()
    # No filter, sort nor page asked: the first page's SQL compiled once (PostgreSQL).
    first = not request.GET and connection.vendor == "postgresql"
    filterset = _filtered(request, day, rows=not first)
    page = (selectors.first_page(request.user, day,
                                 group_ids=request_followed_group_ids(request)) if first
            else selectors.page_of(filterset.qs, request.GET.get("page")))
    selectors.decorate(page.rows, day)
    selectors.attach_pending_reports(page.rows, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "followup/part_list.html", {
        "filter": filterset, "page": page, "day": day, "query": query.urlencode(),
        "institution": enlace_institution(request.user),
    })


@login_required
def part_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    day = timezone.localdate()
    filterset = _filtered(request, day)
    rows = (exports.part_row(selectors.decorate_row(r, day))
            for r in filterset.qs.iterator(chunk_size=2000))
    name = f"acuerdos-{day.isoformat()}"
    audit_record(action=Action.EXPORT, actor=request.user, request=request,
                 detail=f"{name}.{fmt} {request.GET.urlencode()}".strip())
    if fmt == "csv":
        return exports.csv_response(name, exports.PART_HEADERS, rows)
    return exports.xlsx_response(name, [("Acuerdos", exports.PART_HEADERS, rows)])


def _acuerdo_context(request, acuerdo, *, bound=None):
    day = timezone.localdate()
    user = request.user
    data = selectors.acuerdo_page(acuerdo, day, viewer=user)
    manage = can_manage_followup(user, acuerdo)
    bound = bound or {}
    for part in data.parts:
        # Nothing to report on an informational acuerdo (followup.services refuses it too).
        reportable = not acuerdo.cancelled_at and not acuerdo.is_informational
        part.can_report = can_report_on(user, part) and reportable
        part.can_manage = manage and reportable
        part.report_form = bound.get(("report", part.pk)) or ReportForm(prefix=f"r{part.pk}")
        part.request_form = bound.get(("request", part.pk)) or DueDateRequestForm(
            prefix=f"d{part.pk}")
        part.behalf_form = bound.get(("behalf", part.pk)) or OnBehalfForm(prefix=f"b{part.pk}")
    return {"page": data, "acuerdo": acuerdo, "day": day, "can_manage": manage,
            "return_form": ReasonForm(), "note_form": NoteForm()}


@login_required
def acuerdo_detail(request, pk):
    acuerdo = access_acuerdo(request.user, pk)
    return render(request, "followup/acuerdo_detail.html", _acuerdo_context(request, acuerdo))


def _back(acuerdo_id):
    return redirect(reverse("followup:acuerdo", args=[acuerdo_id]))


def _failed(request, acuerdo_id, exc, bound=None):
    """Bad input: the page again with the message and what was typed, never a 500."""
    if isinstance(exc, PermissionDenied):
        raise Http404
    for message in exc.messages:
        messages.error(request, message)
    acuerdo = access_acuerdo(request.user, acuerdo_id)
    return render(request, "followup/acuerdo_detail.html",
                  _acuerdo_context(request, acuerdo, bound=bound), status=400)


@login_required
@require_POST
def report(request, part_id):
    part = access_responsibility(request.user, part_id, write=True)
    form = ReportForm(request.POST, request.FILES, prefix=f"r{part.pk}")
    bound = {("report", part.pk): form}
    if not form.is_valid():
        return _failed(request, part.acuerdo_id, ValidationError(_("Check the report form.")),
                       bound)
    try:
        services.progress_report(
            responsibility=part, status=form.cleaned_data["status"],
            comment=form.cleaned_data["comment"],
            files=form.cleaned_data["files"], actor=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        return _failed(request, part.acuerdo_id, exc, bound)
    messages.success(request, _("Your report was recorded."))
    return _back(part.acuerdo_id)


@login_required
@require_POST
def on_behalf(request, part_id):
    part = access_responsibility(request.user, part_id, manage=True)
    form = OnBehalfForm(request.POST, request.FILES, prefix=f"b{part.pk}")
    bound = {("behalf", part.pk): form}
    if not form.is_valid():
        return _failed(request, part.acuerdo_id,
                       ValidationError(_("Say how you know the part was fulfilled.")), bound)
    try:
        services.fulfilment_record_on_behalf(
            responsibility=part, comment=form.cleaned_data["comment"],
            files=form.cleaned_data["files"], actor=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        return _failed(request, part.acuerdo_id, exc, bound)
    messages.success(request, _("Fulfilment recorded on behalf of %(institution)s.")
                     % {"institution": part.institution})
    return _back(part.acuerdo_id)


@login_required
@require_POST
def date_request(request, part_id):
    part = access_responsibility(request.user, part_id, write=True)
    form = DueDateRequestForm(request.POST, prefix=f"d{part.pk}")
    bound = {("request", part.pk): form}
    if not form.is_valid():
        return _failed(request, part.acuerdo_id,
                       ValidationError(_("Give the new date and the reason.")), bound)
    try:
        services.due_date_request(responsibility=part, new_date=form.cleaned_data["new_date"],
                                  reason=form.cleaned_data["reason"], actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        return _failed(request, part.acuerdo_id, exc, bound)
    messages.success(request, _("Your request was sent to the secretariat."))
    return _back(part.acuerdo_id)


def _decide(request, obj, acuerdo_id, call, success):
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        return _failed(request, acuerdo_id, exc)
    messages.success(request, success)
    # Decided from the validation queue (the list): back to the same filtered list.
    after = request.POST.get("next", "")
    if after.startswith(reverse("followup:parts") + "?") and url_has_allowed_host_and_scheme(
            after, allowed_hosts={request.get_host()}):
        return redirect(after)
    return _back(acuerdo_id)


@login_required
@require_POST
def report_validate(request, pk):
    report = access_progress_report(request.user, pk, manage=True)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _decide(request, report, report.responsibility.acuerdo_id,
                   lambda: services.report_validate(report=report, actor=request.user, note=note),
                   _("The fulfilment was validated."))


@login_required
@require_POST
def report_return(request, pk):
    report = access_progress_report(request.user, pk, manage=True)
    reason = request.POST.get("reason", "")
    return _decide(request, report, report.responsibility.acuerdo_id,
                   lambda: services.report_return(report=report, reason=reason,
                                                  actor=request.user),
                   _("The report was returned to the institution."))


@login_required
@require_POST
def request_approve(request, pk):
    obj = access_due_date_request(request.user, pk, manage=True)
    note = request.POST.get("note", "")
    return _decide(request, obj, obj.responsibility.acuerdo_id,
                   lambda: services.due_date_request_approve(request=obj, actor=request.user,
                                                             note=note),
                   _("The due date was changed."))


@login_required
@require_POST
def request_reject(request, pk):
    obj = access_due_date_request(request.user, pk, manage=True)
    reason = request.POST.get("reason", "")
    return _decide(request, obj, obj.responsibility.acuerdo_id,
                   lambda: services.due_date_request_reject(request=obj, reason=reason,
                                                            actor=request.user),
                   _("The request was rejected."))


@login_required
def evidence_download(request, pk):
    evidence = access_evidence(request.user, pk)
    try:
        response = verified_file_response(
            evidence, actor=request.user, request=request, as_attachment=True,
            filename=evidence.original_name, content_type=evidence.content_type)
    except StoredFileError as exc:
        return stored_file_error(request, exc)
    audit_record(action=Action.DOWNLOAD, actor=request.user, obj=evidence, request=request,
                 detail=evidence.original_name)
    return response


# --- Coordination --------------------------------------------------------------------------------

@login_required
def dashboard(request):
    groups = access_followup(request.user)
    day = timezone.localdate()
    matrix = selectors.overdue_matrix(groups, day)
    summary = selectors.group_summary(groups, day)
    shown = _numbers_shown()
    for row in matrix:
        # Each cell links to the list behind it: the common part of its query once per row (a
        # coordinator's matrix has hundreds of rows; rendering the ids in every cell was most of
        # the page's time — bench/api_scale.py).
        row["list_query"] = (f"?group={row['acuerdo__group_id']}&institution={row['institution_id']}"
                             "&role=responsable&due=")
        row["shown"] = {key: shown(row[key]) for key in MATRIX_NUMBERS}
    for row in summary:
        row["shown"] = {key: shown(row[key]) for key in SUMMARY_NUMBERS}
        row["shown"]["pk"] = shown(row["group"].pk)
    return render(request, "followup/dashboard.html", {
        "day": day,
        "summary": summary,
        "matrix": matrix,
        "aging": [key for key, _first, _last in selectors.AGING],
    })


MATRIX_NUMBERS = ("total", *(key for key, _first, _last in selectors.AGING))
SUMMARY_NUMBERS = ("overdue", "next_7", "next_30", "reported", "date_requests")


def _numbers_shown():
    """n → the text {{ n }} writes (formats.localize), computed once per distinct number: the
    dashboard prints about a thousand counts, mostly the same few values, and localizing each
    in the template was a fifth of the page's time (issue #17)."""
    texts = {}

    def shown(n):
        if n not in texts:
            texts[n] = formats.localize(n)
        return texts[n]

    return shown


def _compliance(request):
    groups = access_followup(request.user)
    form = PeriodForm(request.GET)
    start, end = form.period()
    day = timezone.localdate()
    return form, start, end, day, (
        selectors.compliance_by_group(groups, start, end, day),
        selectors.compliance_by_institution(groups, start, end, day),
    )


@login_required
def compliance(request):
    form, start, end, day, (by_group, by_institution) = _compliance(request)
    return render(request, "followup/compliance.html", {
        "form": form, "start": start, "end": end, "day": day,
        "by_group": by_group, "by_institution": by_institution,
        "query": request.GET.urlencode(),
    })


@login_required
def compliance_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, start, end, day, (by_group, by_institution) = _compliance(request)
    name = f"cumplimiento-{start.isoformat()}-{end.isoformat()}"
    audit_record(action=Action.EXPORT, actor=request.user, request=request,
                 detail=f"{name}.{fmt} {request.GET.urlencode()}".strip())
    groups = exports.compliance_rows(by_group, "group")
    institutions = exports.compliance_rows(by_institution, "institution")
    if fmt == "csv":
        headers = ["Nivel", "Sigla", "Nombre", *exports.COMPLIANCE_HEADERS]
        rows = [["Grupo", *r] for r in groups] + [["Institución", *r] for r in institutions]
        return exports.csv_response(name, headers, rows)
    return exports.xlsx_response(name, [
        ("Por grupo", ["Grupo", "Nombre", *exports.COMPLIANCE_HEADERS], groups),
        ("Por institución", ["Institución", "Nombre", *exports.COMPLIANCE_HEADERS], institutions),
    ])


