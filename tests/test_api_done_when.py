"""The "done when" of the API issue, over real HTTP: a client that knows only the OpenAPI document
and a token lists FGR's overdue acuerdos and reports one as fulfilled with a PDF as evidence; with
the token of the group's secretariat the report is validated and FGR's part is fulfilled
(scripts/api_report_overdue.py)."""

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
import time_machine

from agreements.models import Acuerdo, AcuerdoEvent, Responsibility
from api.tokens import token_issue
from followup.models import ProgressReport

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "api_report_overdue.py"
DAY = dt.date(2026, 11, 21)


def _script():
    spec = importlib.util.spec_from_file_location("api_report_overdue", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def demo_committed(transactional_db, settings, tmp_path):
    from demo.loader import Loader

    settings.MEDIA_ROOT = tmp_path / "media"
    Loader(log=lambda *a: None).run()


def test_it_lists_fgr_overdue_acuerdos_reports_one_fulfilled_and_the_secretariat_validates(
    demo_committed, live_server, capsys
):
    script = _script()
    enlace = _token("enlace.fgr")
    secretariat = _token("secretaria")
    with time_machine.travel(dt.datetime(2026, 11, 21, 12, tzinfo=dt.timezone.utc), tick=False):
        expected = {
            a.number for a in Acuerdo.objects.filter(responsibilities__institution__acronym="FGR")
            if a.status_on(DAY) == Acuerdo.Status.OVERDUE
        }
        assert script.main(["--base", live_server.url, "--token", enlace.key,
                            "--validator-token", secretariat.key]) == 0
    out = capsys.readouterr().out.splitlines()
    listed = {line.split()[0] for line in out if not line.startswith(("reported:", "validated:"))}
    assert listed == expected and expected
    reported, validated = out[-2], out[-1]
    number = reported.split()[1]
    assert number in expected
    assert "→ reported" in reported and ", pending, evidence cumplimiento-" in reported
    assert validated.endswith("report validated → part fulfilled")

    part = Responsibility.objects.get(acuerdo__number=number, institution__acronym="FGR",
                                      acuerdo__group__acronym="GTTIM")
    assert part.status == Responsibility.Status.FULFILLED
    report = ProgressReport.objects.get(responsibility=part)
    assert (report.kind, report.review) == ("fulfilled", "validated")
    assert (report.actor, report.reviewed_by) == (enlace.user, secretariat.user)
    evidence = report.evidence.get()
    assert evidence.content_type == "application/pdf"
    with evidence.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    kinds = list(part.events.order_by("at", "id").values_list("kind", "actor__username"))
    assert kinds[-2:] == [(AcuerdoEvent.Kind.REPORT, "enlace.fgr"),
                          (AcuerdoEvent.Kind.VALIDATED, "secretaria")]


def test_it_leaves_a_report_awaiting_validation_without_the_secretariats_token(
    demo_committed, live_server, capsys
):
    script = _script()
    enlace = _token("enlace.fgr")
    with time_machine.travel(dt.datetime(2026, 11, 21, 12, tzinfo=dt.timezone.utc), tick=False):
        assert script.main(["--base", live_server.url, "--token", enlace.key]) == 0
    number = capsys.readouterr().out.splitlines()[-1].split()[1]
    part = Responsibility.objects.get(acuerdo__number=number, institution__acronym="FGR",
                                      acuerdo__group__acronym="GTTIM")
    assert part.status == Responsibility.Status.REPORTED
    assert ProgressReport.objects.get(responsibility=part).review == "pending"


def test_it_cannot_validate_with_the_enlaces_own_token(demo_committed, live_server, capsys):
    script = _script()
    enlace = _token("enlace.fgr")
    with time_machine.travel(dt.datetime(2026, 11, 21, 12, tzinfo=dt.timezone.utc), tick=False):
        assert script.main(["--base", live_server.url, "--token", enlace.key,
                            "--validator-token", enlace.key]) == 1
    assert "403" in capsys.readouterr().err
    assert not Responsibility.objects.filter(
        institution__acronym="FGR", reports__review="validated").exists()


def test_it_refuses_the_script_a_revoked_token(demo_committed, live_server):
    script = _script()
    token = _token("enlace.fgr")
    DELETE = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    from rest_framework.test import APIClient

    assert APIClient().delete("/api/v1/auth/token/", **DELETE).status_code == 204
    with pytest.raises(script.urllib.error.HTTPError) as failure:
        script.Client(live_server.url, token.key).call("acuerdos_list")
    assert failure.value.code == 401


class _token:
    """A freshly issued token of a demo user: its key and its user."""

    def __init__(self, username):
        self.user = _user(username)
        self.record, self.key = token_issue(user=self.user)


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
