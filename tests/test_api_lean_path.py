"""Token-authenticated /api/ requests through the production WSGI application (tracker.wsgi) take
the lean middleware path (tracker/lean_api.py): no session is read or written, no CSRF or
messages cookie, and the security headers are those of every other response."""

import io
import sys

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.tokens import token_issue
from tracker.lean_api import SKIPPED, is_token_api, lean_middleware

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _get(path, **headers):
    from tracker.wsgi import application

    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False, **headers,
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = response_headers

    # As Django's test client does: the test's transaction holds the connection, so the request
    # must not close it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        try:
            answer["body"] = b"".join(result)
        finally:
            result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer


def test_it_keeps_the_security_middleware_and_drops_the_cookie_ones():
    lean = lean_middleware(settings.MIDDLEWARE)
    assert "django.middleware.security.SecurityMiddleware" in lean
    assert "tracker.csp.CSPMiddleware" in lean
    assert "django.middleware.clickjacking.XFrameOptionsMiddleware" in lean
    assert "django.middleware.locale.LocaleMiddleware" in lean
    assert not SKIPPED & set(lean)
    assert SKIPPED <= set(settings.MIDDLEWARE)  # a renamed middleware would silently stay
    assert is_token_api({"PATH_INFO": "/api/v1/acuerdos/", "HTTP_AUTHORIZATION": "Token abc"})
    assert not is_token_api({"PATH_INFO": "/api/v1/acuerdos/"})
    assert not is_token_api({"PATH_INFO": "/acuerdos/", "HTTP_AUTHORIZATION": "Token abc"})


@pytest.fixture
def session_middleware_calls(monkeypatch):
    """Each request the session middleware (one of the skipped ones) sees."""
    from django.contrib.sessions.middleware import SessionMiddleware

    calls = []
    original = SessionMiddleware.process_request

    def recording(self, request):
        calls.append(request.path)
        return original(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", recording)
    return calls


def test_it_answers_a_token_request_without_touching_the_session(session_middleware_calls):
    user = UserFactory(is_staff=True)
    key = token_issue(user=user)[1]
    other = UserFactory(is_staff=False)
    browser = Client()
    browser.force_login(other)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    _get("/api/v1/groups/", HTTP_AUTHORIZATION=f"Token {key}")  # records last_used_at once
    with CaptureQueriesContext(connection) as captured:
        answer = _get("/api/v1/auth/tokens/", HTTP_AUTHORIZATION=f"Token {key}", HTTP_COOKIE=cookie,
                      HTTP_ACCEPT_LANGUAGE="en")
    assert answer["status"] == 200, answer["body"]
    assert session_middleware_calls == []  # the lean path: no session middleware at all
    assert b'"current":true' in answer["body"]  # the token's user, not the session's
    assert not any("django_session" in q["sql"] for q in captured.captured_queries)
    headers = dict(answer["headers"])
    assert "Set-Cookie" not in headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_it_keeps_the_full_path_for_a_session_and_refuses_a_bad_token(session_middleware_calls):
    user = UserFactory()
    browser = Client()
    browser.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    with CaptureQueriesContext(connection) as captured:
        answer = _get("/api/v1/groups/", HTTP_COOKIE=cookie)
    assert answer["status"] == 200
    assert session_middleware_calls == ["/api/v1/groups/"]
    assert any("django_session" in q["sql"] for q in captured.captured_queries)
    answer = _get("/api/v1/groups/", HTTP_AUTHORIZATION="Token not-a-key", HTTP_ACCEPT_LANGUAGE="es-mx")
    assert answer["status"] == 401
    assert "Content-Security-Policy" in dict(answer["headers"])
