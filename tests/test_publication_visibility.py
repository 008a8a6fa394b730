"""Nothing unpublished is ever reachable: every public URL, with every kind of object in every
situation (draft, in review, group not publishing, session reserved or confidential, reserved
parts, reservation expired). Positive controls: what is published is there."""

import datetime as dt
import re

import pytest
import time_machine

from meetings.models import SessionPhoto

from .minuta_helpers import media, pdf_text  # noqa: F401
from .publication_data import SITUATIONS, build_world

pytestmark = pytest.mark.django_db

LISTS = ["/publico/", "/publico/grupos/GTPUB/", "/publico/grupos/GTNOPUB/", "/publico/acuerdos/",
         "/publico/datos/acuerdos.csv", "/publico/datos/acuerdos.json",
         "/publico/datos/sesiones.csv", "/publico/datos/sesiones.json", "/publico/minutas.atom"]


def _body(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data.startswith(b"%PDF"):
        return pdf_text(data)
    return data.decode(errors="replace")  # a photo: bytes, no text


def _pages(client, world):
    """Every public URL: the lists and, for every session, its page, PDF and photos."""
    pages = {url: client.get(url) for url in LISTS}
    for session in world.values():
        pages[f"/publico/sesiones/{session.pk}/"] = None
        pages[f"/publico/sesiones/{session.pk}/pdf"] = None
        for photo in SessionPhoto.objects.filter(session=session):
            pages[f"/publico/fotos/{photo.pk}"] = None
    return {url: r or client.get(url) for url, r in pages.items()}


@time_machine.travel(dt.datetime(2026, 1, 15, 12, 0), tick=False)
def test_it_shows_nothing_unpublished_anywhere(client, media):  # noqa: F811
    world = build_world()
    pages = _pages(client, world)
    texts = {url: _body(r) for url, r in pages.items() if r.status_code == 200}
    everything = "\n".join(texts.values())
    for name, public in SITUATIONS.items():
        session = world[name]
        session_urls = [u for u in pages if u.startswith(f"/publico/sesiones/{session.pk}/")]
        photo_urls = [f"/publico/fotos/{p.pk}" for p in session.photos.all()]
        # Never, in any situation: the confidential acuerdo, the ways into the meeting; the
        # reserved paragraph unless its reservation ended.
        secrets = [f"CONFIDENCIALA{name}", f"MID{name}", f"PASS{name}", f"zoom.example/{name}"]
        for secret in secrets + ([] if name == "expired" else [f"RESERVADOP{name}"]):
            assert secret not in everything, (name, secret)
        if not public:
            for token in (f"TITULO{name}", f"Visible{name}", f"abierto{name}", f"RESERVADOA{name}"):
                assert token not in everything, (name, token)
            for url in session_urls + photo_urls:
                assert pages[url].status_code == 404, url
            continue
        # Positive controls: the session, its open paragraph and acuerdo are public.
        for url in session_urls:
            assert pages[url].status_code == 200, url
        page = texts[f"/publico/sesiones/{session.pk}/"]
        assert f"Visible{name}" in page and f"abierto{name}" in page
        assert f"TITULO{name}" in texts["/publico/datos/sesiones.csv"]
        assert f"TITULO{name}" in texts["/publico/minutas.atom"]
        assert "Información confidencial con fundamento en" in page
        if name == "expired":  # the reservations ended on 1 January 2025: public now
            assert f"RESERVADOA{name}" in page and f"RESERVADOP{name}" in page
            assert "Información reservada" not in page
            assert all(pages[u].status_code == 200 for u in photo_urls)
        else:
            assert f"RESERVADOA{name}" not in everything
            assert page.count("Información reservada con fundamento en el artículo 113") == 3
            assert all(pages[u].status_code == 404 for u in photo_urls)
    assert "GTNOPUB" not in texts["/publico/"]
    assert pages["/publico/grupos/GTNOPUB/"].status_code == 404


@time_machine.travel(dt.datetime(2026, 1, 15, 12, 0), tick=False)
def test_it_lists_withheld_acuerdos_by_number_with_the_legend_only(client, media):  # noqa: F811
    world = build_world()
    data = client.get("/publico/datos/acuerdos.json").json()
    assert data["license"].startswith("Datos abiertos")
    rows = {r["numero"]: r for r in data["data"] if r["sesion"] == world["published"].code
            and r["grupo"] == "GTPUB"}
    open_, reserved, confidential = (rows[n] for n in sorted(rows, key=lambda n: n[-1]))
    assert open_["estado_publicacion"] == "público" and open_["acuerdo"].startswith("Acuerdo")
    assert reserved["estado_publicacion"] == "reservado" and reserved["acuerdo"] is None
    assert reserved["reservado_hasta"] == "2030-01-01" and reserved["fundamento"]
    assert confidential["estado_publicacion"] == "confidencial"
    assert confidential["acuerdo"] is None and confidential["estado"] is None
    assert re.match(r"^Información confidencial", confidential["leyenda"])
