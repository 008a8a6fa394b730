from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """An API token. Only the SHA-256 of the key is stored (the key is shown once, when issued):
    keys are 256 random bits, so a fast hash is enough and a stolen database holds no usable key.
    A token ends when it expires, is revoked, its user is deactivated or changes password."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the key, so a user can tell their tokens apart.
    prefix = models.CharField(_("prefix"), max_length=8)
    key_hash = models.CharField(_("key (SHA-256)"), max_length=64)
    # SHA-256 of the user's password hash when issued: a new password ends the token at once.
    password_fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            # Also the index of authentication: one lookup by hash per request.
            models.UniqueConstraint(fields=["key_hash"], name="apitoken_unique_key_hash"),
            models.CheckConstraint(condition=~Q(name=""), name="apitoken_has_name"),
        ]
        indexes = [
            # "My tokens" (GET /api/v1/auth/tokens/) and revoking all of a user's tokens.
            models.Index(fields=["user", "revoked_at"], name="apitoken_user_revoked_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
