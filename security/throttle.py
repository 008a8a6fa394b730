"""Password reset throttling: at most PASSWORD_RESET_MAX_PER_ADDRESS e-mails to one address and
PASSWORD_RESET_MAX_PER_IP requests from one network address per PASSWORD_RESET_WINDOW."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import PasswordResetRequest


def address_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


@transaction.atomic
def reset_allowed(*, email: str, ip_address: str | None) -> bool:
    """Record the request and say whether it may send an e-mail."""
    now = timezone.now()
    since = now - settings.PASSWORD_RESET_WINDOW
    PasswordResetRequest.objects.filter(at__lt=since).delete()  # the window is all we keep
    digest = address_hash(email)
    recent = PasswordResetRequest.objects.filter(at__gte=since)
    if recent.filter(address_hash=digest).count() >= settings.PASSWORD_RESET_MAX_PER_ADDRESS:
        return False
    if ip_address and recent.filter(ip_address=ip_address).count() >= \
            settings.PASSWORD_RESET_MAX_PER_IP:
        return False
    PasswordResetRequest.objects.create(address_hash=digest, ip_address=ip_address or None, at=now)
    return True
