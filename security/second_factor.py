"""The optional second factor (TOTP, django-otp). Off unless TWO_FACTOR_ENABLED; then staff and
the secretariat of any group must set it up and enter a code after each sign-in, and anyone else
who set it up voluntarily is asked too."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_otp import match_token, user_has_device


def required_for(user) -> bool:
    from meetings.models import WorkingGroup

    if not settings.TWO_FACTOR_ENABLED or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser or user_has_device(user):
        return True
    return WorkingGroup.objects.filter(secretariat=user).exists()


def check_token_request(user, code) -> None:
    """POST /api/v1/auth/token/ for a user who needs the second factor: the request must carry
    the current code (`otp_token`), as the web sign-in does."""
    if not required_for(user):
        return
    if not user_has_device(user):
        raise ValidationError(_("Set up the second factor (authenticator app) on the web page "
                                "first; then ask for a token with its code in otp_token."))
    if not code or match_token(user, str(code).strip()) is None:
        raise ValidationError(_("Send the current code of your authenticator app in otp_token."))
