"""Downloads of a work plan (PDF, DOCX, XLSX), for whoever reads the plan (tracker.access: the
group's secretariat and coordinators, and the member institutions' enlaces once it leaves the
draft: they get it to send their comments). Always rendered on demand, with today's progress."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit.services import Action, audit_record
from tracker.access import access_plan

from .documents_docx import render_content_docx
from .documents_pdf import render_content_pdf
from .documents_selectors import plan_document_content
from .documents_xlsx import plan_xlsx_response

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def base_name(plan) -> str:
    suffix = "" if plan.is_approved else ("-consulta" if plan.in_consultation else "-borrador")
    return f"plan-{plan.group.acronym}-{plan.year}{suffix}".replace(" ", "-")


def _audited(request, plan, filename, response):
    audit_record(action=Action.DOWNLOAD, actor=request.user, obj=plan, request=request,
                 detail=filename)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def plan_pdf(request, plan_id):
    plan = access_plan(request.user, plan_id)
    filename = f"{base_name(plan)}.pdf"
    response = HttpResponse(render_content_pdf(plan_document_content(plan)), content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _audited(request, plan, filename, response)


@login_required
@require_GET
def plan_docx(request, plan_id):
    plan = access_plan(request.user, plan_id)
    filename = f"{base_name(plan)}.docx"
    response = HttpResponse(render_content_docx(plan_document_content(plan)), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _audited(request, plan, filename, response)


@login_required
@require_GET
def plan_xlsx(request, plan_id):
    plan = access_plan(request.user, plan_id)
    response = plan_xlsx_response(plan_document_content(plan, today=timezone.localdate()),
                                  base_name(plan))
    return _audited(request, plan, f"{base_name(plan)}.xlsx", response)
