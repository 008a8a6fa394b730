"""Public pages make a constant number of queries and are cacheable (ETag, 304, public max-age)."""

import datetime as dt
import hashlib

import pytest
import time_machine

from publication.models import AcuerdoPublication

from .minuta_helpers import media  # noqa: F401
from .publication_data import build_world

pytestmark = pytest.mark.django_db

# url -> queries, whatever the number of groups, sessions and acuerdos:
EXPECTED = {
    # acuerdo figures (1 aggregate), sessions held (1 count), the publishing groups
    "/publico/": 3,
    # the group, acuerdo figures, sessions held, the sessions with their acuerdo counts
    "/publico/grupos/GTPUB/": 4,
    # the count (for the pages), a page of acuerdos as values with session, group and status;
    # their parts' institutions; their publication marks (publication.opendata.acuerdo_rows)
    "/publico/acuerdos/": 4,
    "/publico/datos/acuerdos.csv": 3,
    "/publico/datos/acuerdos.json": 3,
    # the sessions with their acuerdo counts
    "/publico/datos/sesiones.csv": 1,
    "/publico/datos/sesiones.json": 1,
    "/publico/minutas.atom": 1,
    # the public session; reserved paragraphs, acuerdo marks, reserved photos; the minuta's
    # session, attendances, agenda items, presenters, acuerdos, responsibilities, photos, and its
    # documents (anexos)
    "session": 12,
}


def _url(url, world):
    return f"/publico/sesiones/{world['published'].pk}/" if url == "session" else url


@pytest.mark.parametrize("extra", [0, 6])
@time_machine.travel(dt.datetime(2026, 1, 15, 12, 0), tick=False)
def test_it_makes_a_constant_number_of_queries(client, django_assert_num_queries, media,  # noqa: F811
                                               extra):
    world = build_world(extra=extra)
    for url, count in EXPECTED.items():
        with django_assert_num_queries(count):
            response = client.get(_url(url, world))
        assert response.status_code == 200
    assert response.content.count(b"Acuerdo adicional") == extra


@time_machine.travel(dt.datetime(2026, 1, 15, 12, 0), tick=False)
def test_it_answers_304_to_a_matching_etag_and_may_be_cached_by_anyone(client, media):  # noqa: F811
    world = build_world()
    for url in EXPECTED:
        first = client.get(_url(url, world))
        assert first["ETag"] and "public" in first["Cache-Control"], url
        assert "max-age=300" in first["Cache-Control"]
        again = client.get(_url(url, world), HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert not again.content
    # A change (the open acuerdo reserved) changes the list's ETag: the cache does not keep it.
    first = client.get("/publico/datos/acuerdos.csv")
    acuerdo = world["published"].acuerdos.get(text__startswith="Acuerdo abierto")
    AcuerdoPublication.objects.create(acuerdo=acuerdo, status="confidential")
    again = client.get("/publico/datos/acuerdos.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and b"Acuerdo abiertopublished" not in again.content
    assert b"Acuerdo abiertopublished" in first.content


def test_it_refuses_writes_on_public_urls(client):
    assert client.post("/publico/datos/acuerdos.csv").status_code == 405


@time_machine.travel(dt.datetime(2026, 1, 15, 12, 0), tick=False)
def test_it_tags_the_public_pdf_with_its_sha256(client, media):  # noqa: F811
    world = build_world()
    url = f"/publico/sesiones/{world['published'].pk}/pdf"
    first = client.get(url)
    data = b"".join(first.streaming_content)
    assert first["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"' and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # Stored once: the second request returns the same bytes.
    assert b"".join(client.get(url).streaming_content) == data


@time_machine.travel(dt.datetime(2026, 1, 15, 12, 0), tick=False)
def test_the_acuerdo_list_comes_in_pages_and_by_group(client, monkeypatch, media):  # noqa: F811
    from publication import opendata, views

    build_world(extra=3)
    every = [r["numero"] for r in opendata.acuerdo_rows(dt.date(2026, 1, 15))]
    monkeypatch.setattr(views, "ACUERDOS_PER_PAGE", 2)
    seen = []
    for number in range(1, (len(every) + 1) // 2 + 1):
        html = client.get("/publico/acuerdos/", {"pagina": number}).content.decode()
        seen += [n for n in every if f">{n}</a>" in html and n not in seen]
    assert len(every) > 2 and seen == every  # each page its own two, in the open data's order
    assert "pagina=2" in client.get("/publico/acuerdos/").content.decode()
    html = client.get("/publico/acuerdos/", {"grupo": "GTNOPUB"}).content.decode()
    assert not any(f">{n}</a>" in html for n in every)  # a group that does not publish: none
