"""The optional second factor (TOTP): off by default; when TWO_FACTOR_ENABLED, staff and
secretariat users set it up (QR code and key), then enter a code after each sign-in, on the web,
the admin and the API token endpoint; other users are not asked."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from .factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass-123"
HOME = "/"


def _sign_in(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    return response


def _code(device, offset=0):
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _unthrottle(device):
    """django-otp slows down repeated wrong codes (1 s, 2 s, 4 s…): a test does not wait."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0,
                                                   throttling_failure_timestamp=None)


@pytest.fixture
def on(settings):
    settings.TWO_FACTOR_ENABLED = True


def test_it_is_off_by_default(client):
    staff = UserFactory(username="jefa", is_staff=True)
    _sign_in(client, staff)
    assert client.get(HOME).status_code == 200
    assert client.get("/accounts/2fa/setup/").status_code == 404


def test_staff_set_it_up_then_enter_a_code_at_each_sign_in(client, on):
    staff = UserFactory(username="jefa", is_staff=True)
    _sign_in(client, staff)
    first = client.get("/admin/")
    assert first.status_code == 302 and first["Location"].startswith("/accounts/2fa/setup/")
    page = client.get(first["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["qr"].startswith("data:image/svg+xml;base64,") and page.context["secret"]
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    wrong = client.post("/accounts/2fa/setup/", {"code": "000000", "next": "/admin/"},
                        HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 400 and "That code is not valid" in wrong.content.decode()
    _unthrottle(device)
    done = client.post("/accounts/2fa/setup/", {"code": _code(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    client.post("/accounts/logout/")
    _sign_in(client, staff)
    asked = client.get(HOME)
    assert asked.status_code == 302 and asked["Location"].startswith("/accounts/2fa/verify/")
    assert client.get("/api/v1/groups/").status_code == 403  # the API by session, too
    refused = client.post("/accounts/2fa/verify/", {"code": "123456"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    _unthrottle(device)
    assert client.post("/accounts/2fa/verify/", {"code": _code(device, offset=1)}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_the_secretariat_is_asked_and_an_enlace_is_not(client, on):
    secretaria = UserFactory(username="secretaria")
    GroupFactory(members=1).secretariat.add(secretaria)
    _sign_in(client, secretaria)
    assert client.get(HOME)["Location"].startswith("/accounts/2fa/setup/")
    enlace = UserFactory(username="enlace")
    other = type(client)()
    _sign_in(other, enlace)
    assert other.get(HOME).status_code == 200


def test_the_token_endpoint_needs_the_code(on):
    staff = UserFactory(username="jefa", is_staff=True)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    body = {"username": "jefa", "password": PASSWORD}
    no_device = api.post("/api/v1/auth/token/", body, format="json")
    assert no_device.status_code == 400 and "Set up the second factor" in str(no_device.json())
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    assert api.post("/api/v1/auth/token/", body, format="json").status_code == 400
    _unthrottle(device)
    ok = api.post("/api/v1/auth/token/", {**body, "otp_token": _code(device)}, format="json")
    assert ok.status_code == 200 and ok.json()["token"]
