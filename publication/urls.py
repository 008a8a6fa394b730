from django.urls import path

from . import views

app_name = "publication"

urlpatterns = [
    path("", views.home, name="home"),
    path("grupos/<str:acronym>/", views.group_page, name="group"),
    path("acuerdos/", views.acuerdo_list, name="acuerdos"),
    path("sesiones/<int:session_id>/", views.session_page, name="session"),
    path("sesiones/<int:session_id>/pdf", views.session_pdf, name="session_pdf"),
    path("fotos/<int:photo_id>", views.photo, name="photo"),
    path("datos/acuerdos.csv", views.acuerdos_csv, name="acuerdos_csv"),
    path("datos/acuerdos.json", views.acuerdos_json, name="acuerdos_json"),
    path("datos/sesiones.csv", views.sessions_csv, name="sessions_csv"),
    path("datos/sesiones.json", views.sessions_json, name="sessions_json"),
    path("minutas.atom", views.feed, name="feed"),
]

# The secretariat's page (login), mounted at /publicacion/ by tracker/urls.py.
edit_urlpatterns = ([
    path("sesiones/<int:session_id>/", views.edit_session, name="edit_session"),
], "publication_edit")
