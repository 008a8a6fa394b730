"""Documents and import of a work plan: /planes/<id>/plan.pdf|.docx|.xlsx and /planes/<id>/importar/
(included by tracker/urls.py; the plan's own pages are in workplan/urls.py)."""

from django.urls import path

from . import documents_views, imports_views

app_name = "workplan_documents"

urlpatterns = [
    path("<int:plan_id>/plan.pdf", documents_views.plan_pdf, name="pdf"),
    path("<int:plan_id>/plan.docx", documents_views.plan_docx, name="docx"),
    path("<int:plan_id>/plan.xlsx", documents_views.plan_xlsx, name="xlsx"),
    path("<int:plan_id>/importar/", imports_views.upload, name="import"),
    path("<int:plan_id>/importar/plantilla.xlsx", imports_views.template, name="import_template"),
]
