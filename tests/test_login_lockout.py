"""Sign-in throttling with django-axes: after AXES_FAILURE_LIMIT wrong passwords the right one no
longer signs in, on /accounts/login/, /admin/login/ and POST /api/v1/auth/token/; lockouts are per
username and per network address, end after the cool-off or when staff unlock them in the admin."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass-123"
LOCKED_ES = "Demasiados intentos fallidos"


def _login(client, path, username, password, ip="10.0.0.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip,
                       HTTP_ACCEPT_LANGUAGE="es-mx")


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("path, staff", [("/accounts/login/", False), ("/admin/login/", True)])
def test_fifty_wrong_passwords_then_the_right_one_does_not_sign_in(client, path, staff):
    user = UserFactory(username="ana", is_staff=staff)
    for _ in range(50):
        _login(client, path, user.username, "wrong")
    response = _login(client, path, user.username, PASSWORD)
    assert response.status_code == 429
    assert LOCKED_ES in response.content.decode()
    assert not _signed_in(client)


def test_below_the_limit_the_right_password_signs_in_and_resets_the_count(client, settings):
    user = UserFactory(username="ana")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "/accounts/login/", "ana", "wrong").status_code == 200
    assert _login(client, "/accounts/login/", "ana", PASSWORD).status_code == 302
    assert _signed_in(client)
    assert AccessAttempt.objects.filter(username=user.username).count() == 0


def test_the_token_endpoint_locks_out_with_a_json_error():
    UserFactory(username="ana")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="es-mx")
    for _ in range(50):
        client.post("/api/v1/auth/token/", {"username": "ana", "password": "wrong"},
                    format="json", REMOTE_ADDR="10.0.0.1")
    response = client.post("/api/v1/auth/token/", {"username": "ana", "password": PASSWORD},
                           format="json", REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert LOCKED_ES in response.json()["detail"]
    assert not Token.objects.exists()


def test_it_locks_a_username_tried_from_many_addresses(client, settings):
    UserFactory(username="ana")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "/accounts/login/", "ana", "wrong", ip=f"10.0.1.{n}")
    assert _login(client, "/accounts/login/", "ana", PASSWORD, ip="10.0.2.1").status_code == 429


def test_it_locks_an_address_that_tries_many_usernames(client, settings):
    UserFactory(username="ana")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "/accounts/login/", f"user{n}", "wrong", ip="10.0.3.1")
    assert _login(client, "/accounts/login/", "ana", PASSWORD, ip="10.0.3.1").status_code == 429
    assert _login(client, "/accounts/login/", "ana", PASSWORD, ip="10.0.3.2").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, settings):
    UserFactory(username="ana")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(client, "/accounts/login/", "ana", "wrong")
        assert _login(client, "/accounts/login/", "ana", PASSWORD).status_code == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1)):
        assert _login(client, "/accounts/login/", "ana", PASSWORD).status_code == 302


def test_staff_unlock_a_user_in_the_admin(client, settings):
    UserFactory(username="ana")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "/accounts/login/", "ana", "wrong")
    assert _login(client, "/accounts/login/", "ana", PASSWORD).status_code == 429
    admin = APIClient()
    admin.force_login(UserFactory(username="jefa", is_staff=True, is_superuser=True))
    page = admin.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "ana" in page.content.decode()
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = admin.post("/admin/axes/accessattempt/", {
        "action": "delete_selected", "_selected_action": attempts, "post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert _login(client, "/accounts/login/", "ana", PASSWORD).status_code == 302
