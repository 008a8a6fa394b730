"""Sends a signed-in user who needs the second factor and has not entered it in this session to
the setup or verification page (after django_otp's OTPMiddleware)."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from .second_factor import required_for

# Reachable before the code: the two pages themselves, signing out, the language switch, assets.
OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/admin/logout/", "/i18n/")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (settings.TWO_FACTOR_ENABLED and user is not None and user.is_authenticated
                and not user.is_verified() and not self._open(request.path)
                and required_for(user)):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "second_factor_required", "detail": _(
                    "Enter the code of your authenticator app on the web page first.")},
                    status=403)
            name = "security:otp_verify" if user_has_device(user) else "security:otp_setup"
            return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        return path.startswith(OPEN_PREFIXES) or path.startswith("/" + settings.STATIC_URL.lstrip("/"))
