"""What a locked-out sign-in sees (AXES_LOCKOUT_CALLABLE), and the client address axes counts."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed sign-in attempts: this account or this network address is locked for "
        "%(minutes)d minutes. If you need to sign in sooner, ask an administrator to unlock it."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    # The audit log ("record" branch) may want a row here: who, from where, when.
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "detail": lockout_message()}, status=status)
    return render(request, "security/locked_out.html", {"message": lockout_message()},
                  status=status)


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind SIGNIN_TRUSTED_PROXY_COUNT trusted proxies the address the nearest
    of them saw (X-Forwarded-For read from the right, so a client cannot choose its own)."""
    count = settings.SIGNIN_TRUSTED_PROXY_COUNT
    if count:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                     if a.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
