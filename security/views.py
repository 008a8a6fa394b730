"""Pages of the sign-in security: the throttled password reset, the second factor's setup and
verification."""

import base64
import io

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from .lockout import client_ip
from .throttle import reset_allowed


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, refusing a request over the per-address or per-IP limit with a
    message (the same whether or not the address has an account, so nothing is revealed)."""

    def form_valid(self, form):
        if not reset_allowed(email=form.cleaned_data["email"], ip_address=client_ip(self.request)
                             or None):
            form.add_error("email", _(
                "Too many password reset requests for this address; try again in an hour. "
                "If the e-mail does not arrive, check the spam folder or ask an administrator."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class LoginView(auth_views.LoginView):
    """Django's sign-in page, with the single sign-on button when OIDC is configured."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            oidc_enabled=settings.OIDC_ENABLED,
            oidc_provider_name=settings.OIDC_PROVIDER_NAME,
            sso_failed=self.request.GET.get("sso") == "failed", **kwargs)


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code from your authenticator app"), max_length=8,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                         "inputmode": "numeric",
                                                         "autofocus": True}))


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                           require_https=request.is_secure()):
        return "/"
    return target


def _enabled():
    if not settings.TWO_FACTOR_ENABLED:
        raise Http404


@login_required
def otp_setup(request):
    """Show a new key as a QR code (and as text to type), confirm it with one code."""
    _enabled()
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect(f"{request.path.replace('setup', 'verify')}?next={_next(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or \
        TOTPDevice.objects.create(user=request.user, name=_("Authenticator app"), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("That code is not valid; enter the one your app shows now."))
    svg = io.BytesIO()
    write_qrcode_image(device.config_url, svg)
    # As an <img> data URL: the SVG uses XML namespace prefixes an HTML parser does not read.
    qr = "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode()
    context = {"form": form, "next": _next(request), "qr": qr,
               "secret": base64.b32encode(device.bin_key).decode()}
    return render(request, "security/otp_setup.html", context, status=400 if form.errors else 200)


@login_required
def otp_verify(request):
    _enabled()
    if not user_has_device(request.user):
        return redirect(f"{request.path.replace('verify', 'setup')}?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("That code is not valid; enter the one your app shows now."))
    return render(request, "security/otp_verify.html", {"form": form, "next": _next(request)},
                  status=400 if form.errors else 200)
