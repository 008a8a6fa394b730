"""Password reset e-mails are limited per address and per network address, with a message; the
limit is the same whether or not the address has an account."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _ask(client, email, ip="10.0.0.1"):
    return client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=ip,
                       HTTP_ACCEPT_LANGUAGE="en")


def test_it_sends_at_most_the_limit_to_one_address(client, mailoutbox, settings):
    UserFactory(username="ana", email="ana@example.org")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(settings.PASSWORD_RESET_MAX_PER_ADDRESS):
            assert _ask(client, "ana@example.org", ip=f"10.0.0.{n}").status_code == 302
        refused = _ask(client, " ANA@example.org", ip="10.0.9.9")
        assert refused.status_code == 429
        assert "Too many password reset requests for this address" in refused.content.decode()
        assert len(mailoutbox) == settings.PASSWORD_RESET_MAX_PER_ADDRESS
        # An unknown address is answered the same way: the limit reveals nothing.
        for _ in range(settings.PASSWORD_RESET_MAX_PER_ADDRESS):
            _ask(client, "nadie@example.org")
        assert _ask(client, "nadie@example.org").status_code == 429
    with time_machine.travel(start + settings.PASSWORD_RESET_WINDOW + dt.timedelta(minutes=1)):
        assert _ask(client, "ana@example.org").status_code == 302
        assert len(mailoutbox) == settings.PASSWORD_RESET_MAX_PER_ADDRESS + 1


def test_it_limits_requests_from_one_network_address(client, mailoutbox, settings):
    settings.PASSWORD_RESET_MAX_PER_IP = 4
    for n in range(4):
        UserFactory(username=f"u{n}", email=f"u{n}@example.org")
        assert _ask(client, f"u{n}@example.org").status_code == 302
    UserFactory(username="otra", email="otra@example.org")
    assert _ask(client, "otra@example.org").status_code == 429
    assert _ask(client, "otra@example.org", ip="10.0.0.2").status_code == 302
    assert len(mailoutbox) == 5


def test_the_message_is_in_spanish(client):
    for _ in range(3):
        client.post("/accounts/password_reset/", {"email": "ana@example.org"})
    body = client.post("/accounts/password_reset/", {"email": "ana@example.org"},
                       HTTP_ACCEPT_LANGUAGE="es-mx").content.decode()
    assert "Demasiadas solicitudes" in body
