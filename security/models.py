"""Password reset requests, kept to throttle them (per address and per network address)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PasswordResetRequest(models.Model):
    """One accepted request for a reset e-mail. The address is stored as a SHA-256 of its
    lower-cased form: the throttle needs to count, not to read."""

    address_hash = models.CharField(_("address (SHA-256)"), max_length=64)
    ip_address = models.GenericIPAddressField(_("network address"), null=True, blank=True)
    at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        indexes = [
            # throttle.reset_allowed: the requests for one address within the window.
            models.Index(fields=["address_hash", "at"], name="reset_address_at_idx"),
            # …and from one network address.
            models.Index(fields=["ip_address", "at"], name="reset_ip_at_idx"),
        ]

    def __str__(self):
        return f"{self.address_hash[:12]}… {self.at:%Y-%m-%d %H:%M}"
