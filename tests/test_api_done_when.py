"""The "done when" of the API issue, over real HTTP: a client that knows only the OpenAPI document
and a token lists FGR's overdue acuerdos and reports progress on one (scripts/api_report_overdue.py)."""

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
import time_machine
from rest_framework.authtoken.models import Token

from agreements.models import Acuerdo, AcuerdoEvent, Responsibility

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "api_report_overdue.py"


def _script():
    spec = importlib.util.spec_from_file_location("api_report_overdue", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def demo_committed(transactional_db):
    from demo.loader import Loader

    Loader(log=lambda *a: None).run()


def test_it_lists_fgr_overdue_acuerdos_and_updates_one_with_only_the_schema(
    demo_committed, live_server, capsys
):
    script = _script()
    token = Token.objects.create(user=_user("enlace.fgr"))
    with time_machine.travel(dt.datetime(2026, 11, 21, 12, tzinfo=dt.timezone.utc), tick=False):
        expected = {
            a.number for a in Acuerdo.objects.filter(responsibilities__institution__acronym="FGR")
            if a.status_on(dt.date(2026, 11, 21)) == Acuerdo.Status.OVERDUE
        }
        assert script.main(["--base", live_server.url, "--token", token.key]) == 0
    out = capsys.readouterr().out
    listed = {line.split()[0] for line in out.splitlines()[:-1]}
    assert listed == expected and expected
    number = out.splitlines()[-1].split(":")[0]
    part = Responsibility.objects.get(acuerdo__number=number, institution__acronym="FGR")
    assert part.status == Responsibility.Status.IN_PROGRESS
    assert AcuerdoEvent.objects.filter(
        responsibility=part, kind=AcuerdoEvent.Kind.STATUS, actor=token.user
    ).exists()


def test_it_refuses_the_script_a_revoked_token(demo_committed, live_server):
    script = _script()
    token = Token.objects.create(user=_user("enlace.fgr"))
    token.delete()
    with pytest.raises(script.urllib.error.HTTPError) as failure:
        script.Client(live_server.url, token.key).call("acuerdos_list")
    assert failure.value.code == 401


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
