"""django-csp's middleware with the policy's text kept (issue 17). The library builds the header
from settings on every response, twice (the policy and the report-only one), copying the
directives each time: a few percent of an API request's CPU, for a text that only changes with
the settings. A response that asks nothing of its own (no csp_update/csp_replace/csp_exempt
decorator, no nonce read by its template) gets the kept text; anything else goes through the
library's own process_response, unchanged. The settings are read again after a change through
override_settings (the setting_changed signal), as in the tests; production never changes them
while running. tests/test_csp_header.py compares both ways."""

import http.client

from csp import middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What a view or decorator may set on a response to change its policy (csp.decorators).
_PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace",
                 "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
_DEBUG_EXEMPT = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
_KEPT: list = []  # [((header, policy text, exempting attribute, excluded prefixes), …)] once built


def _headers() -> tuple:
    kept = _KEPT[:1]  # a copy: a settings change may empty the list meanwhile (tests' threads)
    if kept:
        return kept[0]
    headers = []
    for header, report_only, exempt, setting in (
            (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY")):
        policy = build_policy(report_only=report_only)
        if policy:
            prefixes = tuple((getattr(settings, setting, None) or {}).get(
                "EXCLUDE_URL_PREFIXES") or ())
            headers.append((header, policy, exempt, prefixes))
    headers = tuple(headers)
    _KEPT[:] = [headers]
    return headers


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _KEPT.clear()


class CSPMiddleware(middleware.CSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
                getattr(response, name, None) is not None for name in _PER_RESPONSE):
            return super().process_response(request, response)
        if response.status_code in _DEBUG_EXEMPT and settings.DEBUG:
            return response  # the library leaves Django's debug pages alone
        for header, policy, exempt, prefixes in _headers():
            if (header not in response and getattr(response, exempt, False) is False
                    and not request.path_info.startswith(prefixes)):
                response[header] = policy
        # As the library: a nonce asked for after the header is written is an error, not a
        # nonce missing from the policy.
        request.csp_nonce = middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
