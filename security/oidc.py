"""Optional single sign-on with OpenID Connect (mozilla-django-oidc), for institutions that run a
directory (Keycloak, Azure AD/Entra ID, …). Off unless OIDC_RP_CLIENT_ID is set.

Who may enter is decided by our directory, not by the provider: the e-mail the provider vouches
for must be a user's or a directory person's (directory.Person.email). A person without an
account gets one at their first sign-in, linked to them, so they see what their institution
answers for; an address unknown here is refused (OIDC_CREATE_USER=1 admits it anyway)."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from directory.models import Person

logger = logging.getLogger(__name__)


class DirectoryOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims):
        # An address the provider has not verified proves nothing about who signs in.
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(
            Q(email__iexact=email) | Q(person__email__iexact=email), is_active=True
        ).distinct()

    @transaction.atomic  # create_user locks the person it links (select_for_update)
    def get_or_create_user(self, access_token, id_token, payload):
        return super().get_or_create_user(access_token, id_token, payload)

    def create_user(self, claims):
        """No user has the address: make one for the directory person who has it (or, with
        OIDC_CREATE_USER_WITHOUT_PERSON, for anyone)."""
        email = claims["email"].strip()
        person = Person.objects.select_for_update().filter(
            email__iexact=email, user__isnull=True).first()
        if person is None and not settings.OIDC_CREATE_USER_WITHOUT_PERSON:
            logger.warning("OIDC sign-in refused: %s is not in the directory", email)
            return None
        user = self.UserModel.objects.create_user(
            self.get_username(claims), email=email,
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
        )
        user.set_unusable_password()  # signs in through the provider only
        user.save(update_fields=["password"])
        if person is not None:
            person.user = user
            person.save(update_fields=["user"])
        logger.info("OIDC sign-in created user %s for %s", user.username, person or email)
        return user


def username_from_email(email, claims=None):
    """The part before @, made unique: people recognise it in the admin."""
    from django.contrib.auth import get_user_model

    base = (email or "usuario").split("@")[0][:140] or "usuario"
    User = get_user_model()
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate
