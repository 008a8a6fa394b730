"""Pages of the sign-in security: the throttled password reset, the second factor's setup and
verification."""

from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

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
