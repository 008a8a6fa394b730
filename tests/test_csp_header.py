"""tracker.csp.CSPMiddleware (the policy's text kept) sets exactly the headers django-csp's own
middleware sets: plain responses, decorated ones, a nonce read, exempt responses, excluded
prefixes, Django's debug pages, a report-only policy, and settings changed in between."""

import pytest
from csp import middleware as library
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.exceptions import CSPNonceError
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from tracker import csp

RF = RequestFactory()
REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"], "report-uri": "/csp-report/"},
               "EXCLUDE_URL_PREFIXES": ["/static/"]}


def _view(status=200, decorate=None, read_nonce=False):
    def view(request):
        if read_nonce:
            str(request.csp_nonce)
        return HttpResponse("ok", status=status)
    return decorate(view) if decorate else view


CASES = [
    ("/", {}),
    ("/api/v1/acuerdos/", {}),
    ("/api/docs/", {}),  # EXCLUDE_URL_PREFIXES in settings
    ("/", {"status": 404}),
    ("/", {"status": 500}),
    ("/", {"read_nonce": True}),
    ("/", {"decorate": csp_exempt()}),
    ("/", {"decorate": csp_exempt(REPORT_ONLY=True)}),
    ("/", {"decorate": csp_update({"img-src": ["https://example.org"]})}),
    ("/", {"decorate": csp_replace({"img-src": ["https://example.org"]})}),
    ("/static/x.css", {}),
]


def _outcome(middleware_class, path, view):
    """The response's policy headers, and whether a nonce asked for afterwards is refused."""
    request = RF.get(path)
    response = middleware_class(view)(request)
    try:
        str(request.csp_nonce)
        refused = False
    except CSPNonceError:
        refused = True
    return {k: v for k, v in response.items() if "Content-Security-Policy" in k}, refused


def _headers(middleware_class, path, view):
    return _outcome(middleware_class, path, view)[0]


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("report_only", [None, REPORT_ONLY])
def test_it_sets_what_django_csp_sets(settings, debug, report_only):
    settings.DEBUG = debug
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = report_only
    seen = set()
    for path, kwargs in CASES:
        want = _outcome(library.CSPMiddleware, path, _view(**kwargs))
        got = _outcome(csp.CSPMiddleware, path, _view(**kwargs))
        assert got == want, (path, kwargs)
        seen.update(want[0])
    # The cases reach both headers, and leave some response without any.
    assert "Content-Security-Policy" in seen
    assert ("Content-Security-Policy-Report-Only" in seen) == bool(report_only)


def test_it_follows_the_settings():
    plain = _view()
    before = _headers(csp.CSPMiddleware, "/", plain)["Content-Security-Policy"]
    assert "default-src 'self'" in before
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        assert _headers(csp.CSPMiddleware, "/", plain) == {
            "Content-Security-Policy": "default-src 'none'"}
    assert _headers(csp.CSPMiddleware, "/", plain)["Content-Security-Policy"] == before


def test_the_settings_use_it():
    from django.conf import settings

    assert "tracker.csp.CSPMiddleware" in settings.MIDDLEWARE
    assert "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE
