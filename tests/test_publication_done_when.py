"""Issue 16 done-when (transparency half): a visitor with no account reads the GTTIM's versión
pública of the 5th session with the paragraph the secretariat reserved replaced by the legend,
and the open-data CSV lists 5/SO-1…5 with their status."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from documents.content import paragraphs
from publication.models import PublicMinutaDocument

from .minuta_helpers import flat, gttim_session, pdf_text

pytestmark = pytest.mark.django_db

BASIS = "el artículo 113, fracción VII, de la LGTAIP"


def _reserve_as_secretaria(client, session):
    client.force_login(get_user_model().objects.get(username="secretaria"))
    url = reverse("publication_edit:edit_session", args=[session.pk])
    assert client.post(url, {"group_form": "1", "publishes": "on"}).status_code == 302
    item = [i for i in session.agenda_items.order_by("order") if paragraphs(i.narrative)][1]
    reserved = paragraphs(item.narrative)[0]
    response = client.post(url, {"kind": "paragraph", "key": f"{item.pk}:0", "status": "reserved",
                                 "legal_basis": BASIS, "reserved_until": "2030-06-03"})
    assert response.status_code == 302
    client.logout()
    return reserved


@time_machine.travel(dt.datetime(2026, 1, 15, 12, 0), tick=False)
def test_it_shows_the_public_version_with_the_reserved_paragraph_as_the_legend(client, demo):
    session = gttim_session()
    reserved = _reserve_as_secretaria(client, session)

    page = client.get(f"/publico/sesiones/{session.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    legend = f"Información reservada con fundamento en {BASIS} hasta 3 de junio de 2030"
    assert legend in html
    assert reserved[:60] not in html
    # Everything else is there: other paragraphs, the acuerdos, the participants.
    others = [p for i in session.agenda_items.all() for p in paragraphs(i.narrative)
              if p != reserved]
    for paragraph in others:
        assert paragraph[:40].replace('"', "&quot;").replace("'", "&#x27;") in html
    for n in range(1, 6):
        assert f"5/SO-{n}" in html
    # Personal data and the ways into the meeting are never shown.
    for secret in (session.meeting_id, session.passcode, session.video_url):
        assert secret and secret not in html
    assert "@" not in html.replace("@font", "")

    pdf = client.get(f"/publico/sesiones/{session.pk}/pdf")
    assert pdf.status_code == 200
    data = b"".join(pdf.streaming_content)
    text = flat(pdf_text(data))
    assert "Versión pública" in text and flat(legend) in text
    assert reserved[:50] not in text and session.passcode not in text
    stored = PublicMinutaDocument.objects.get(session=session)
    import hashlib
    assert stored.sha256 == hashlib.sha256(data).hexdigest() == pdf["X-Content-SHA256"]


@time_machine.travel(dt.datetime(2026, 1, 15, 12, 0), tick=False)
def test_it_lists_5_so_1_to_5_with_their_status_in_the_csv(client, demo):
    session = gttim_session()
    _reserve_as_secretaria(client, session)
    response = client.get("/publico/datos/acuerdos.csv")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("# ") and "Licencia" in lines[0]
    rows = [r for r in csv.DictReader(io.StringIO("\n".join(lines[1:])))
            if r["grupo"] == "GTTIM" and r["sesion"] == "5/SO"]
    assert [r["numero"] for r in rows] == [f"5/SO-{n}" for n in range(1, 6)]
    for row in rows:
        assert row["estado"] in ("pendiente", "en proceso", "vencido", "cumplido", "sin efecto")
        assert row["estado_publicacion"] == "público"
