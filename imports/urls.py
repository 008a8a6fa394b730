from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("groups/<int:group_id>/importar/", views.upload, name="upload"),
    path("importaciones/<int:import_id>/", views.preview, name="preview"),
]
