"""The issue's "done when": FGR reports 5/SO-3 as fulfilled with a PDF, the secretariat validates
it, the coordinator's figures change."""

import pytest
import time_machine

from agreements.models import Acuerdo, AcuerdoEvent, Responsibility
from followup.models import Evidence, ProgressReport

from .followup_helpers import pdf

pytestmark = pytest.mark.django_db

TODAY = "2025-07-01 10:00 -06:00"  # 5/SO-3 was due on 11 June 2025: overdue by 20 days


def _figures(client):
    client.force_login(_user("coordinador"))
    response = client.get("/coordinacion/")
    assert response.status_code == 200
    gttim = next(r for r in response.context["summary"] if r["group"].acronym == "GTTIM")
    fgr = [r for r in response.context["matrix"]
           if r["acuerdo__group__acronym"] == "GTTIM" and r["institution__acronym"] == "FGR"]
    compliance = client.get("/coordinacion/cumplimiento/?start=2025-01-01&end=2025-12-31")
    fgr_rate = next(r for r in compliance.context["by_institution"]
                    if r["institution__acronym"] == "FGR")
    return gttim, (fgr[0]["total"] if fgr else 0), fgr_rate


def _user(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)


@time_machine.travel(TODAY, tick=False)
def test_it_counts_fgr_fulfilment_only_after_the_secretariat_validates(demo, client):
    acuerdo = Acuerdo.objects.get(group__acronym="GTTIM", number="5/SO-3")
    part = acuerdo.responsibilities.get(institution__acronym="FGR")
    before, fgr_overdue_before, fgr_before = _figures(client)
    assert fgr_overdue_before == 1  # 5/SO-3 is FGR's only overdue GTTIM part

    client.force_login(_user("enlace.fgr"))
    response = client.post(f"/acuerdos/partes/{part.pk}/informe/", {
        f"r{part.pk}-status": "reported",
        f"r{part.pk}-comment": "Se enviaron los comentarios al plan de trabajo.",
        f"r{part.pk}-files": [pdf("oficio-fgr.pdf")],
    })
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == Responsibility.Status.REPORTED
    report = ProgressReport.objects.get(responsibility=part)
    assert report.review == ProgressReport.Review.PENDING
    assert Evidence.objects.get(report=report).content_type == "application/pdf"

    reported, fgr_overdue_reported, fgr_reported = _figures(client)
    # A report is not fulfilment: still overdue, awaiting validation.
    assert reported["reported"] == before["reported"] + 1
    assert fgr_overdue_reported == 1
    assert fgr_reported["fulfilled"] == fgr_before["fulfilled"]

    client.force_login(_user("secretaria"))
    assert client.post(f"/acuerdos/informes/{report.pk}/validar/").status_code == 302
    part.refresh_from_db()
    assert part.status == Responsibility.Status.FULFILLED

    after, fgr_overdue_after, fgr_after = _figures(client)
    assert after["overdue"] == before["overdue"] - 1
    assert after["reported"] == before["reported"]
    assert fgr_overdue_after == 0
    assert fgr_after["fulfilled"] == fgr_before["fulfilled"] + 1
    assert fgr_after["overdue"] == fgr_before["overdue"] - 1
    assert fgr_after["rate"] > fgr_before["rate"]

    kinds = list(acuerdo.events.filter(responsibility=part).values_list("kind", "actor__username"))
    assert kinds == [(AcuerdoEvent.Kind.REPORT, "enlace.fgr"),
                     (AcuerdoEvent.Kind.VALIDATED, "secretaria")]
    page = client.get(f"/acuerdos/{acuerdo.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "oficio-fgr.pdf" in page and "Fulfilment validated" in page
