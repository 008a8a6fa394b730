from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.log, name="log"),
    path("preferences/", views.preferences, name="preferences"),
]
