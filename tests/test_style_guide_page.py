"""/estilo/, the design system page: staff only (or any signed-in user while DEBUG is on), and it
shows a badge for every status an acuerdo, an institution's part or a minuta can have."""

import pytest
from django.test import override_settings
from lxml import html

from agreements.models import Acuerdo, Responsibility
from meetings.models import Session

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_is_not_found_for_visitors_and_for_users_who_are_not_staff(client):
    assert client.get("/estilo/").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/estilo/").status_code == 404


def test_it_shows_a_badge_for_every_status_to_staff(client):
    client.force_login(UserFactory(is_staff=True))
    reply = client.get("/estilo/", HTTP_ACCEPT_LANGUAGE="es-mx")
    assert reply.status_code == 200
    page = html.fromstring(reply.content)
    statuses = {*Acuerdo.Status.values, *Responsibility.Status.values, *Session.MinutaStatus.values}
    # pendiente, en proceso, reportado, cumplido, vencido, sin efecto, borrador, en revisión, aprobada
    assert len(statuses) == 9
    for status in statuses:
        badges = page.xpath(f"//main//span[contains(concat(' ', @class, ' '), ' badge ')]"
                            f"[contains(concat(' ', @class, ' '), ' {status} ')]")
        assert badges, status
        assert badges[0].text_content().strip(), f"{status}: a badge says its status in words"
    assert "Sin efecto" in page.text_content() and "En revisión" in page.text_content()
    # The header names the institution; the page has no inline style (the CSP forbids them).
    assert page.xpath("//header//a[@class='brand']") and page.xpath("//*[@class='institution']")
    assert not page.xpath("//*[@style]")


@override_settings(DEBUG=True)
def test_it_is_open_to_any_user_while_debug_is_on(client):
    client.force_login(UserFactory())
    assert client.get("/estilo/").status_code == 200
