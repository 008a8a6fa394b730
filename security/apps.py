from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Sign-in protection: login lockouts (django-axes), password reset throttling, the optional
    second factor (django-otp) and optional single sign-on."""

    name = "security"
    verbose_name = _("Sign-in security")
