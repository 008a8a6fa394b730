"""drf-spectacular schema class: every operation documents its error responses, so a generated
client knows their shape (see api.errors)."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

from .errors import ErrorSerializer

ERRORS = {
    "400": "Invalid input (query parameters or body); `fields` holds per-field messages.",
    "401": "Not authenticated: send `Authorization: Token <key>` or sign in.",
    "403": "Authenticated but not allowed to do this.",
    "404": "Not found, or outside what you may see.",
    "406": "The Accept header asks for a format the API does not produce.",
    "415": "Unsupported request media type (send the documented one: JSON, or "
    "multipart/form-data for uploads).",
    "409": "A stored file (evidence) failed its integrity check: missing or altered on disk; "
    "it is not served.",
    "412": "If-Match does not match the current ETag: the resource changed, GET it again.",
    "428": "If-Match is required: send the ETag from your last GET.",
    "429": "Too many failed sign-in attempts: the username or the address is locked for a while "
    "(`code`: `locked_out`).",
}


class AutoSchema(SpectacularAutoSchema):
    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "403", "404", "406"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("415")
        if self.method == "PATCH":
            codes += ["412", "428"]
        if self.method == "POST" and self.path.endswith("/auth/token/"):
            codes.append("429")  # sign-in lockout (django-axes, security app)
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERRORS[code]), code,
                    direction=direction,
                )
        return responses
