"""GET /api/v1/informe/: the same figures and paragraph as the page, with the same parameters."""

import pytest
from rest_framework.authtoken.models import Token

from .factories import GroupFactory, UserFactory
from .informe_data import END, SENTENCE, START, gabinete  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _token(client, username, group=None):
    user = UserFactory(username=username)
    if group is not None:
        group.coordinators.add(user)
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}


def _params(gabinete, **extra):
    return {"groups": gabinete["group"].pk, "family": "true", "preset": "custom",
            "start": START.isoformat(), "end": END.isoformat(), **extra}


def test_it_gives_the_gabinete_figures_and_paragraph(client, gabinete):
    auth = _token(client, "coord", gabinete["group"])
    body = client.get("/api/v1/informe/", _params(gabinete), **auth).json()
    assert body["sessions"]["held"] == 188
    assert body["sessions"]["cancelled"] == 1
    assert body["sessions"]["by_venue"][0] == {
        "key": str(gabinete["palacio"].pk), "label": "Palacio Nacional", "count": 184}
    states = [s["label"] for s in body["sessions"]["by_state"] if s["label"] != "Ciudad de México"]
    assert states == ["Baja California Sur", "Guerrero", "Querétaro", "Sinaloa"]
    governors = next(c for c in body["attendance"]["by_category"] if c["key"] == "governor")
    assert (governors["sessions"], governors["people"], governors["states"]) == (25, 14, 14)
    assert body["acuerdos"]["adopted"] == 655
    assert body["paragraph"] == SENTENCE


def test_it_says_what_is_wrong_with_the_parameters(client, gabinete):
    auth = _token(client, "coord2", gabinete["group"])
    response = client.get("/api/v1/informe/", _params(gabinete, start="2025-07-01"), **auth)
    assert response.status_code == 400
    assert "end" in response.json()["fields"]


def test_it_hides_groups_the_user_does_not_follow(client, gabinete):
    auth = _token(client, "other", GroupFactory())
    response = client.get("/api/v1/informe/", _params(gabinete), **auth)
    assert response.status_code == 400
    assert "groups" in response.json()["fields"]
    assert client.get("/api/v1/informe/", _params(gabinete)).status_code == 401


def test_it_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/informe/" in schema
    assert "compliance" in schema and "category_states" in schema
