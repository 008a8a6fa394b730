"""The Informe page, the rows behind each figure, its exports and charts. Coordinators, the
secretariat and staff, each over the groups they follow (tracker.access)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.access import access_followup

from . import charts, exports, rows
from .forms import InformeForm
from .paragraph import informe_paragraph
from .selectors import SECTIONS, report_figures

ROWS_PER_PAGE = 200
# The page draws its charts from separate requests (informe_chart): it needs no months nor
# institutions (per_institution reads every part of the family's acuerdos).
PAGE_SECTIONS = tuple(s for s in SECTIONS if s not in ("months", "institutions"))


def _form(request):
    groups = access_followup(request.user)  # 404 for anyone who follows no group
    data = request.GET if "groups" in request.GET else None
    return InformeForm(data, groups=groups, today=timezone.localdate())


def _report(request, sections=SECTIONS, paragraph=True):
    """(form, scope, figures, paragraph); scope and the rest are None until the form is valid."""
    form = _form(request)
    if not form.is_bound or not form.is_valid():
        return form, None, None, ""
    scope = form.scope()
    figures = report_figures(scope, sections)
    return form, scope, figures, (informe_paragraph(scope=scope, figures=figures) if paragraph
                                  else "")


def _query(request) -> str:
    """The report's own parameters, for links to rows, exports and charts."""
    keep = request.GET.copy()
    for name in list(keep):
        if name not in InformeForm.base_fields:
            del keep[name]
    return keep.urlencode()


@login_required
@require_GET
def informe(request):
    form, scope, figures, paragraph = _report(request, PAGE_SECTIONS)
    category_states = [
        {**c, "states": figures["category_states"][c["key"]]}
        for c in (figures["attendance"]["by_category"] if figures else [])
        if figures["category_states"].get(c["key"])
    ]
    return render(request, "reports/informe.html", {
        "form": form, "scope": scope, "figures": figures, "paragraph": paragraph,
        "category_states": category_states, "query": _query(request),
    })


@login_required
@require_GET
def informe_rows(request, kind):
    if kind not in rows.KINDS:
        raise Http404
    form, scope, _figures, _paragraph = _scoped(request)
    filters = {k: v for k, v in request.GET.items() if k in rows.FILTERS[kind]}
    page = Paginator(rows.rows_for(scope, kind, filters), ROWS_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "reports/rows.html", {
        "form": form, "scope": scope, "kind": kind, "title": rows.TITLES[kind],
        "filters": filters, "page": page, "query": _query(request),
    })


def _scoped(request):
    form = _form(request)
    if not form.is_bound or not form.is_valid():
        raise Http404
    return form, form.scope(), None, ""


@login_required
@require_GET
def informe_export(request, fmt):
    if fmt not in ("xlsx", "csv", "docx"):
        raise Http404
    form, scope, figures, paragraph = _report(request)
    if scope is None:
        raise Http404
    return exports.export(fmt, scope=scope, figures=figures, paragraph=paragraph)


@login_required
@require_GET
def informe_chart(request, name):
    if name not in charts.CHARTS:
        raise Http404
    _form_, scope, figures, _paragraph = _report(request, [charts.SECTION[name]],
                                                 paragraph=False)
    if scope is None:
        raise Http404
    response = HttpResponse(charts.CHARTS[name](figures), content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
