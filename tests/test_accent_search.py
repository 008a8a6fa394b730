"""Search ignores accents and case on PostgreSQL (unaccent) and SQLite (a Python function):
"revisaran" and "REVISARÁN" find "revisarán", in the acuerdo list and the editor's people
search. Run with and without DATABASE_URL."""

import pytest

from agreements.models import Acuerdo
from directory.models import Person

from .factories import PersonFactory, make_acuerdo
from .workspace_data import filled_session, secretariat_user

pytestmark = pytest.mark.django_db


def test_the_lookup_ignores_accents_and_case():
    acuerdo = make_acuerdo(text="Las instituciones revisarán la propuesta del 50% de avance.")
    for typed in ("revisaran", "REVISARÁN", "Revisarán", "50%"):
        assert list(Acuerdo.objects.filter(text__search_contains=typed)) == [acuerdo], typed
    for typed in ("revisaron", "5_%", "\\"):
        assert not Acuerdo.objects.filter(text__search_contains=typed).exists(), typed


def test_the_acuerdo_list_finds_text_without_accents(client):
    session = filled_session(participants=1, items=0, acuerdos=0)
    make_acuerdo(session, text="Las instituciones revisarán la propuesta.")
    make_acuerdo(session, text="La FGR informará.")
    client.force_login(secretariat_user(session.group))
    for typed in ("revisaran", "REVISARÁN"):
        rows = client.get("/acuerdos/", {"q": typed}).context["page"].rows
        assert [r.acuerdo.text for r in rows] == ["Las instituciones revisarán la propuesta."]


def test_the_people_search_finds_names_without_accents(client):
    session = filled_session(participants=0, items=0, acuerdos=0)
    PersonFactory(name="José Pérez Ibáñez", institution=session.group.convening_institution)
    PersonFactory(name="Ana López", institution=session.group.convening_institution)
    client.force_login(secretariat_user(session.group))
    for typed in ("jose perez", "PÉREZ", "ibanez"):
        people = client.get(f"/sessions/{session.pk}/people/", {"q": typed}).context["people"]
        assert [p.name for p in people] == ["José Pérez Ibáñez"], typed
    assert Person.objects.count() >= 3
