from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("acuerdos/", views.part_list, name="parts"),
    path("acuerdos/exportar.<str:fmt>", views.part_export, name="parts_export"),
    path("acuerdos/<int:pk>/", views.acuerdo_detail, name="acuerdo"),
    path("acuerdos/partes/<int:part_id>/informe/", views.report, name="report"),
    path("acuerdos/partes/<int:part_id>/cumplimiento/", views.on_behalf, name="on_behalf"),
    path("acuerdos/partes/<int:part_id>/prorroga/", views.date_request, name="date_request"),
    path("acuerdos/informes/<int:pk>/validar/", views.report_validate, name="report_validate"),
    path("acuerdos/informes/<int:pk>/devolver/", views.report_return, name="report_return"),
    path("acuerdos/prorrogas/<int:pk>/aprobar/", views.request_approve, name="request_approve"),
    path("acuerdos/prorrogas/<int:pk>/rechazar/", views.request_reject, name="request_reject"),
    path("acuerdos/evidencias/<int:pk>/", views.evidence_download, name="evidence"),
    path("coordinacion/", views.dashboard, name="dashboard"),
    path("coordinacion/cumplimiento/", views.compliance, name="compliance"),
    path("coordinacion/cumplimiento/exportar.<str:fmt>", views.compliance_export,
         name="compliance_export"),
]
