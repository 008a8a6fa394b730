"""The secretariat's page to import a plan's actividades from a spreadsheet: the template, the
upload, every row checked (errors row by row, nothing saved while one is wrong) and the import.
The file is checked and imported in one request ("Check" or "Import"): nothing is stored
between the two, so what is imported is exactly the file just checked."""

import io

import openpyxl
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tracker.access import access_plan

from .imports import check, import_refusal, plan_import, read_sheet, template_headings
from .imports_forms import PlanImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_url(plan) -> str:
    try:
        return reverse("workplan:plan", args=[plan.group_id, plan.year])
    except NoReverseMatch:
        return reverse("workplan_documents:import", args=[plan.pk])


@login_required
@require_GET
def template(request, plan_id):
    plan = access_plan(request.user, plan_id, write=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Actividades"
    sheet.append(template_headings())
    # An example row, in the Spanish of the plans themselves.
    sheet.append(["Coordinación efectiva",
                  "Crear un directorio de las personas responsables en cada dependencia.",
                  "Directorio", f"01/06/{plan.year}", f"30/09/{plan.year}",
                  "Directorio publicado", "1", "", "FGR", "SSPC, INM"])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 24
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="actividades-{plan.group.acronym}-{plan.year}.xlsx"')
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, plan_id):
    """The history of the plan records each eje and actividad the import adds (PlanEvent)."""
    plan = access_plan(request.user, plan_id, write=True)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    context = {"plan": plan, "form": form, "plan_url": plan_url(plan),
               "refusal": import_refusal(plan), "checked": None, "failed": []}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(settings.IMPORTS_MAX_BYTES + 1)
        try:
            if len(data) > settings.IMPORTS_MAX_BYTES:
                raise ValidationError(_("The file is too large."))
            sheet = read_sheet(data, upload.name)
        except ValidationError as exc:
            form.add_error("file", exc.messages[0])
            return render(request, "workplan/imports/upload.html", context, status=422)
        if request.POST.get("action") == "import" and not context["refusal"]:
            try:
                checked = plan_import(plan=plan, sheet=sheet, actor=request.user)
            except ValidationError as exc:
                context["failed"] = exc.messages
            else:
                messages.success(request, _(
                    "%(n)d actividades were imported from %(file)s.") % {
                        "n": len(checked.rows), "file": upload.name})
                return redirect(plan_url(plan))
        context["checked"] = check(sheet, plan=plan)
        context["filename"] = upload.name
        if context["failed"] and context["checked"].errors:
            # The rows' problems are listed once, below, with the rows as understood.
            context["failed"], context["failed_rows"] = [], True
        status = 422 if context["failed"] or context["checked"].errors else 200
    elif request.method == "POST":
        status = 422
    return render(request, "workplan/imports/upload.html", context, status=status)
