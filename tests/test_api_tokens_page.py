"""The "My API tokens" page (/api/tokens/): create a named token (key shown once), list and revoke
one's own, never another user's."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import token_issue

pytestmark = pytest.mark.django_db


def _user(username):
    return get_user_model().objects.get(username=username)


def test_it_creates_lists_and_revokes_the_users_tokens(demo, client):
    client.force_login(_user("enlace.fgr"))
    response = client.post(reverse("api:tokens_page"), {"name": "Hoja de seguimiento"})
    page = response.content.decode()
    key = response.context["issued"][1]
    assert key in page and "no se volverá a mostrar" in page
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/groups/").status_code == 200
    again = client.get(reverse("api:tokens_page")).content.decode()
    assert "Hoja de seguimiento" in again and key not in again and key[:8] in again
    token = ApiToken.objects.get(name="Hoja de seguimiento")
    response = client.post(reverse("api:token_revoke_page", args=[token.pk]))
    assert response.status_code == 302
    assert api.get("/api/v1/groups/").status_code == 401


def test_it_refuses_a_nameless_token_and_another_users_token(demo, client):
    other, _key = token_issue(user=_user("secretaria"), name="de otra persona")
    client.force_login(_user("enlace.fgr"))
    response = client.post(reverse("api:tokens_page"), {"name": "  "})
    assert "Dé un nombre al token" in response.content.decode()
    assert not ApiToken.objects.filter(user__username="enlace.fgr").exists()
    assert client.post(reverse("api:token_revoke_page", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None
