"""Session photos and evidence are private: served by access-checked views (tracker.access), by
Django or, in production, by the proxy (X-Accel-Redirect / X-Sendfile); never from MEDIA_URL.

Personas (demo): secretaria (GTTIM's secretariat) reads GTTIM's sessions; secretaria.mj (the
MJ-MIGRACION's secretariat) does not; enlace.fgr reads FGR's evidence, enlace.upmrip does not.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from agreements.models import Acuerdo, Responsibility
from followup import services

from .followup_helpers import pdf
from .minuta_helpers import add_photo, gttim_session

User = get_user_model()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def photo(demo, media):
    return add_photo(gttim_session(), caption="Reunión virtual")


@pytest.fixture
def evidence(demo, media):
    acuerdo = Acuerdo.objects.get(group__acronym="MJ-MIGRACION", number="1/SO-2")
    report = services.progress_report(
        responsibility=acuerdo.responsibilities.get(institution__acronym="FGR"),
        status=Responsibility.Status.REPORTED, comment="Protocolo presentado", files=[pdf()],
        actor=User.objects.get(username="enlace.fgr"))
    return report.evidence.get()


def _as(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def test_it_serves_a_photo_to_whoever_reads_the_session(client, photo):
    response = _as(client, "secretaria").get(f"/files/photos/{photo.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()
    assert response["Cache-Control"] == "private, max-age=3600"
    assert "attachment" not in response.get("Content-Disposition", "")  # shown in the page


def test_it_answers_404_for_a_photo_outside_the_users_scope(client, photo):
    assert _as(client, "secretaria.mj").get(f"/files/photos/{photo.pk}").status_code == 404
    assert client.get(f"/files/photos/{photo.pk + 1000}").status_code == 404


def test_it_sends_anonymous_users_to_sign_in(client, photo):
    response = client.get(f"/files/photos/{photo.pk}")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_answers_404_when_the_file_is_gone(client, photo):
    photo.image.storage.delete(photo.image.name)
    assert _as(client, "secretaria").get(f"/files/photos/{photo.pk}").status_code == 404


def test_it_never_serves_uploads_from_the_media_url(client, settings, photo):
    _as(client, "admin")
    assert client.get(f"/{settings.MEDIA_URL}{photo.image.name}").status_code == 404
    assert client.get(f"/media/{photo.image.name}").status_code == 404


def test_it_hands_a_photo_to_nginx_in_accel_mode(client, settings, photo):
    settings.PRIVATE_FILES_SERVE = "x-accel-redirect"
    settings.PRIVATE_FILES_INTERNAL_PREFIX = "/_private/"
    response = _as(client, "secretaria").get(f"/files/photos/{photo.pk}")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{photo.image.name}"
    assert response["Content-Type"] == "image/jpeg"
    assert response.content == b""  # the proxy sends the bytes
    assert _as(client, "secretaria.mj").get(f"/files/photos/{photo.pk}").status_code == 404


def test_it_hands_a_photo_to_the_server_in_sendfile_mode(client, settings, photo, media):
    settings.PRIVATE_FILES_SERVE = "x-sendfile"
    response = _as(client, "secretaria").get(f"/files/photos/{photo.pk}")
    assert response.status_code == 200
    assert response["X-Sendfile"] == str(media / photo.image.name)
    assert response.content == b""


def test_it_serves_evidence_with_its_type_and_name(client, evidence):
    response = _as(client, "enlace.fgr").get(f"/acuerdos/evidencias/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert evidence.original_name in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert _as(client, "enlace.upmrip").get(
        f"/acuerdos/evidencias/{evidence.pk}/").status_code == 404


def test_it_hands_evidence_to_nginx_in_accel_mode_on_the_web_and_the_api(client, settings,
                                                                         evidence):
    settings.PRIVATE_FILES_SERVE = "x-accel-redirect"
    settings.PRIVATE_FILES_INTERNAL_PREFIX = "/internal-media"
    _as(client, "enlace.fgr")
    for url in (f"/acuerdos/evidencias/{evidence.pk}/", f"/api/v1/evidence/{evidence.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Accel-Redirect"] == f"/internal-media/{evidence.file.name}"
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert response.content == b""
    _as(client, "enlace.upmrip")
    assert client.get(f"/acuerdos/evidencias/{evidence.pk}/").status_code == 404
    assert client.get(f"/api/v1/evidence/{evidence.pk}/").status_code == 404


def test_the_editor_shows_the_photo_through_the_checked_url(client, photo):
    page = _as(client, "secretaria").get(f"/sessions/{photo.session_id}/").content.decode()
    sources = re.findall(r'<img src="([^"]+)"', page)
    assert f"/files/photos/{photo.pk}" in sources
    assert not [s for s in sources if "/media/" in s]
    image = client.get(f"/files/photos/{photo.pk}")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_it_displays_the_photo_in_the_editor_in_a_browser(transactional_db, settings, tmp_path,
                                                          live_server):
    from demo.loader import Loader

    from .services import skip_or_fail
    from .test_workspace_browser import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        skip_or_fail(f"needs Chromium at {CHROMIUM} (scripts/install-system-packages.sh)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        skip_or_fail("needs the playwright package (requirements.txt)")
    settings.MEDIA_ROOT = tmp_path / "media"
    Loader(log=lambda *a: None).run()
    photo = add_photo(gttim_session(), caption="Reunión virtual")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", "secretaria")
        page.fill("#id_password", "acuerdos-demo")
        page.click("main button[type=submit]")
        page.wait_for_url(live_server.url + "/")
        page.goto(f"{live_server.url}/sessions/{photo.session_id}/")
        image = page.locator(f'#photos img[src="/files/photos/{photo.pk}"]')
        image.scroll_into_view_if_needed()
        # Not wait_for_function: past its first check it polls through eval(), which the page's
        # CSP refuses.
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") == 320  # the photo, not a broken icon
        browser.close()
