from django.urls import path

from . import backlog_views, views

app_name = "imports"

urlpatterns = [
    path("groups/<int:group_id>/importar/", views.upload, name="upload"),
    path("importaciones/<int:import_id>/", views.preview, name="preview"),
    path("groups/<int:group_id>/importar/acuerdos/", backlog_views.upload, name="backlog_upload"),
    path("groups/<int:group_id>/importar/acuerdos/plantilla.xlsx", backlog_views.template,
         name="backlog_template"),
    path("importaciones/acuerdos/<int:import_id>/", backlog_views.review, name="backlog_review"),
]
