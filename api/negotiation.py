"""DRF's content negotiation with its choice kept (issue 17). Choosing the renderer parses the
Accept header into media types and matches them against every renderer's, on every request;
the outcome depends only on the format asked for (a suffix or ?format=), the header's text and
the renderers offered (their classes, media types and formats), which repeat: nearly every API
client sends one of a few headers, or none. Kept for short headers only and a bounded number of
them (DRF's own negotiation keeps nothing across requests, so that clients' input cannot fill a
worker's memory): past the bound the kept choices are forgotten and built again, so a client
sending ever new headers only makes its own requests as slow as DRF's. What is refused (406, an
unknown format's 404) is never kept: it goes through DRF each time.
tests/test_api_negotiation.py compares both."""

from rest_framework.negotiation import DefaultContentNegotiation

_CHOICES: dict = {}
_MAX_CHOICES = 64
_MAX_KEPT_HEADER = 200  # characters; longer headers are negotiated each time


class KeptContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        accept = request.META.get("HTTP_ACCEPT")
        if accept is not None and len(accept) > _MAX_KEPT_HEADER:
            return super().select_renderer(request, renderers, format_suffix)
        asked = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        key = (asked, accept, tuple((type(renderer), renderer.media_type, renderer.format)
                                    for renderer in renderers))
        kept = _CHOICES.get(key)
        if kept is None:
            renderer, media_type = super().select_renderer(request, renderers, format_suffix)
            position = next(i for i, offered in enumerate(renderers) if offered is renderer)
            if len(_CHOICES) >= _MAX_CHOICES:
                _CHOICES.clear()
            kept = _CHOICES[key] = (position, media_type)
        return renderers[kept[0]], kept[1]
