from django.urls import path

from . import views

app_name = "convocatorias"

urlpatterns = [
    path("sesiones/<int:session_id>/confirmar/", views.confirm, name="confirm"),
    path("sesiones/<int:session_id>/enviar/", views.send, name="send"),
    path("sesiones/<int:session_id>/recordar/", views.remind, name="remind"),
    path("sesiones/<int:session_id>/prellenar/", views.prefill, name="prefill"),
]
