from django.urls import path

from . import views

urlpatterns = [
    # Before django.contrib.auth.urls (tracker/urls.py): same URL and name, with a throttle.
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
]
