"""A user's tokens are revoked when their password changes or their account is deactivated,
wherever that happens (admin, password reset, set_password in a shell). Authentication refuses
such tokens by itself (api.tokens.HashedTokenAuthentication); this marks them revoked so the
token list and the audit log say so."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save

from .tokens import tokens_revoke_all

WATCHED = {"password", "is_active"}


def _before(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and not WATCHED & set(update_fields)):
        instance._token_reason = None
        return
    old = sender._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    reason = None
    if old is not None and old["is_active"] and not instance.is_active:
        reason = "account deactivated"
    elif old is not None and old["password"] != instance.password:
        reason = "password changed"
    instance._token_reason = reason


def _after(sender, instance, created, **kwargs):
    reason = getattr(instance, "_token_reason", None)
    if reason:
        tokens_revoke_all(user=instance, reason=reason)


def connect():
    user = get_user_model()
    pre_save.connect(_before, sender=user, dispatch_uid="api-tokens-user-before")
    post_save.connect(_after, sender=user, dispatch_uid="api-tokens-user-after")
