"""api.negotiation.KeptContentNegotiation chooses what DRF's DefaultContentNegotiation chooses
(renderer and media type, or the same refusal), the first time and when kept; it keeps a bounded
number of choices and no long header."""

import pytest
from django.http import Http404
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer, TemplateHTMLRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api import negotiation
from api.renderers import OrjsonRenderer

FACTORY = APIRequestFactory()
ACCEPTS = [None, "*/*", "application/json", "application/json; indent=4", "text/html",
           "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "image/png",
           "application/*", "text/*;q=0.5, application/json;q=0.1", "", "  , ,",
           "application/json;version=2", "x" * 300, "application/json," + "a/b," * 100]
FORMATS = [None, "json", "api", "xml"]
RENDERER_SETS = [(OrjsonRenderer, BrowsableAPIRenderer), (BrowsableAPIRenderer, OrjsonRenderer),
                 (OrjsonRenderer,), (TemplateHTMLRenderer, JSONRenderer)]


def _choice(negotiator, accept, format, renderer_classes, suffix=None):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(FACTORY.get("/api/v1/acuerdos/", {"format": format} if format else {},
                                  **headers))
    renderers = [cls() for cls in renderer_classes]
    try:
        renderer, media_type = negotiator.select_renderer(request, renderers, suffix)
    except (exceptions.NotAcceptable, Http404) as exc:
        return type(exc).__name__
    assert any(renderer is offered for offered in renderers)  # one of the instances offered
    return type(renderer).__name__, media_type


@pytest.fixture(autouse=True)
def forget():
    negotiation._CHOICES.clear()
    yield
    negotiation._CHOICES.clear()


def test_it_chooses_what_drf_chooses():
    drf, kept = DefaultContentNegotiation(), negotiation.KeptContentNegotiation()
    outcomes = set()
    for renderer_classes in RENDERER_SETS:
        for accept in ACCEPTS:
            for format in FORMATS:
                for suffix in (None, "json"):
                    want = _choice(drf, accept, format, renderer_classes, suffix)
                    for _ in range(2):  # built, then kept
                        assert _choice(kept, accept, format, renderer_classes, suffix) == want, (
                            renderer_classes, accept, format, suffix)
                    outcomes.add(want if isinstance(want, str) else want[1])
    # The cases reach refusals and several media types.
    assert {"NotAcceptable", "Http404", "application/json", "text/html",
            "application/json; indent=4"} <= outcomes


def test_it_keeps_a_bounded_number_of_choices_and_no_long_header():
    kept = negotiation.KeptContentNegotiation()
    _choice(kept, "x" * 300, None, RENDERER_SETS[0])
    assert negotiation._CHOICES == {}
    for n in range(negotiation._MAX_CHOICES + 10):
        _choice(kept, f"application/json; n={n}", None, RENDERER_SETS[0])
        assert len(negotiation._CHOICES) <= negotiation._MAX_CHOICES
    assert len(negotiation._CHOICES) >= 1


def test_the_api_uses_it():
    from rest_framework.settings import api_settings

    assert api_settings.DEFAULT_CONTENT_NEGOTIATION_CLASS is negotiation.KeptContentNegotiation
