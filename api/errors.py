"""One error format for every API response that is not a success:

    {"code": "invalid", "detail": "Invalid input.", "fields": {"due_date": ["..."]}}

Messages are in the request's language (LocaleMiddleware reads Accept-Language)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The resource changed since you read it: GET it again and retry.")
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _("Send the If-Match header with the ETag of your last GET.")
    default_code = "precondition_required"


class StoredFileUnavailable(exceptions.APIException):
    """A stored file missing or altered on disk (documents.integrity): refused, never served."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stored_file_unavailable"

    def __init__(self, exc):
        super().__init__(detail=exc.message, code=f"stored_file_{exc.kind}")
        self.status_code = exc.status


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (documented in the OpenAPI schema)."""

    code = serializers.CharField(help_text="Machine-readable error code, e.g. `not_found`.")
    detail = serializers.CharField(help_text="Human-readable message in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Per-field messages of a validation error.",
    )


def as_api_validation_error(
    exc: DjangoValidationError, rename: dict[str, str] | None = None
) -> exceptions.ValidationError:
    """A service's ValidationError as DRF's, keeping field names (or renaming them to the names
    of the request body)."""
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {rename.get(field, field): [str(m) for m in messages]
             for field, messages in exc.message_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": [str(m) for m in exc.messages]})


def _messages(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [m for item in value for m in _messages(item)]
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _messages(v)]
    return [str(value)]


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = as_api_validation_error(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        general = _messages(data.get("non_field_errors", []))
        fields = {k: _messages(v) for k, v in data.items() if k != "non_field_errors"}
        body = {"code": "invalid", "detail": general[0] if general else str(_("Invalid input."))}
        if fields:
            body["fields"] = fields
    else:
        detail = getattr(exc, "detail", None)
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        body = {
            "code": codes if isinstance(codes, str) else "error",
            "detail": " ".join(_messages(detail)) if detail is not None else str(exc),
        }
    response.data = body
    return response
