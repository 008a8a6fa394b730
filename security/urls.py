from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    # Before django.contrib.auth.urls (tracker/urls.py): same URL, with a throttle.
    path("login/", views.LoginView.as_view(), name="login"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("2fa/setup/", views.otp_setup, name="otp_setup"),
    path("2fa/verify/", views.otp_verify, name="otp_verify"),
]
