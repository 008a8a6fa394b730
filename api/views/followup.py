"""Follow-up through the API: progress reports with evidence, their validation, due-date requests
and evidence downloads. Objects are found through tracker.access (404 outside the user's scope,
403 when seen without the right) and every write is a followup.services call, as on the web pages
(followup/views.py): the same rules, one implementation."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from audit.services import Action, audit_record
from documents.integrity import StoredFileError, verified_file_response
from followup import services
from followup.evidence import DOC, GIF, JPEG, ODF, OOXML, PDF, PNG, PPT, WEBP, XLS
from followup.models import Evidence
from tracker import access

from .. import selectors
from ..errors import ErrorSerializer, StoredFileUnavailable
from ..schema import ERRORS
from ..filters import DueDateRequestFilter, ReportFilter
from ..followup_serializers import (
    DueDateRequestCreateSerializer,
    DueDateRequestSerializer,
    NoteSerializer,
    RejectSerializer,
    ReportCreateSerializer,
    ReportSerializer,
    ReturnSerializer,
)
from ..pagination import StableCursorPagination, StableOrderingFilter
from .base import ApiView, writable

SECRETARIAT_ONLY = _("Only the group's secretariat can do this.")
ENLACE_ONLY = _("Only the enlace of the part's institution can do this.")


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- Actions on a responsibility (mixed into api.views.agreements.ResponsibilityViewSet) -------

class ResponsibilityFollowupActions:
    @extend_schema(
        operation_id="reports_create", tags=["follow-up"], request=ReportCreateSerializer,
        responses={201: ReportSerializer},
        summary="Report progress or fulfilment on a part, with evidence",
        description="The enlace of the part's institution (or staff) reports it as `in_progress` "
        "or `reported` (fulfilled: it counts as fulfilled only once the group's secretariat "
        "validates it). `comment` or at least one file is required. Evidence: PDF, images or "
        "Office documents, checked by content, at most 5 files of 10 MB. 403 for someone who "
        "sees the part but may not report on it.",
    )
    @action(detail=True, methods=["post"], url_path="reports", url_name="reports",
            parser_classes=[MultiPartParser])
    def reports(self, request, pk=None, format=None):
        part = writable(request.user, access.access_responsibility, pk, detail=ENLACE_ONLY)
        data = _valid(ReportCreateSerializer, request)
        report = services.progress_report(
            responsibility=part, status=data["status"], comment=data["comment"],
            files=data["files"], actor=request.user,
        )
        body = ReportSerializer(selectors.report_detail(report), context={"request": request})
        return Response(body.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="due_date_requests_create", tags=["follow-up"],
        request=DueDateRequestCreateSerializer, responses={201: DueDateRequestSerializer},
        summary="Ask the secretariat for a new due date",
        description="The enlace of the part's institution asks for `new_date` with a `reason`; "
        "one request per part waits for a decision at a time.",
    )
    @action(detail=True, methods=["post"], url_path="due-date-requests",
            url_name="due-date-requests")
    def due_date_requests(self, request, pk=None, format=None):
        part = writable(request.user, access.access_responsibility, pk, detail=ENLACE_ONLY)
        data = _valid(DueDateRequestCreateSerializer, request)
        created = services.due_date_request(
            responsibility=part, new_date=data["new_date"], reason=data["reason"],
            actor=request.user,
        )
        body = DueDateRequestSerializer(selectors.date_request_detail(created))
        return Response(body.data, status=status.HTTP_201_CREATED)


# --- Reports -------------------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(
        tags=["follow-up"], summary="Progress reports you may read",
        description="Reports on the acuerdos you see. `?status=pending` is the secretariat's "
        "queue of fulfilment reports awaiting validation.",
    ),
    retrieve=extend_schema(tags=["follow-up"], summary="A progress report with its evidence"),
)
class ReportViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """Progress reports on the acuerdos you see, with their evidence."""

    serializer_class = ReportSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = ReportFilter
    ordering_fields = ["id", "created_at"]
    pagination_class = StableCursorPagination

    def get_queryset(self):
        return selectors.report_list(self.request.user)

    def get_object(self):
        return selectors.report_detail(
            access.access_progress_report(self.request.user, self.kwargs["pk"])
        )

    def _decided(self, request, report):
        return Response(self.get_serializer(selectors.report_detail(report)).data)

    @extend_schema(
        operation_id="reports_validate", tags=["follow-up"], request=NoteSerializer,
        responses={200: ReportSerializer}, summary="Validate a fulfilment report",
        description="The group's secretariat (or staff) accepts a report awaiting validation: "
        "the part counts as fulfilled. Optional `note` for the history.",
    )
    @action(detail=True, methods=["post"])
    def validate(self, request, pk=None, format=None):
        report = writable(request.user, access.access_progress_report, pk,
                          detail=SECRETARIAT_ONLY, manage=True)
        data = _valid(NoteSerializer, request)
        services.report_validate(report=report, actor=request.user, note=data["note"])
        return self._decided(request, report)

    @extend_schema(
        operation_id="reports_return", tags=["follow-up"], request=ReturnSerializer,
        responses={200: ReportSerializer}, summary="Return a fulfilment report",
        description="The group's secretariat (or staff) returns a report awaiting validation "
        "with a `reason` (required): the part is back in progress and whoever reported it is told.",
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request, pk=None, format=None):
        report = writable(request.user, access.access_progress_report, pk,
                          detail=SECRETARIAT_ONLY, manage=True)
        data = _valid(ReturnSerializer, request)
        services.report_return(report=report, reason=data["reason"], actor=request.user)
        return self._decided(request, report)


# --- Due-date requests ---------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(
        tags=["follow-up"], summary="Due-date requests you may read",
        description="Requests on the acuerdos you see; `?state=pending` awaits a decision.",
    ),
    retrieve=extend_schema(tags=["follow-up"], summary="A due-date request"),
)
class DueDateRequestViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    """Requests for a new due date on the acuerdos you see."""

    serializer_class = DueDateRequestSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = DueDateRequestFilter
    ordering_fields = ["id", "requested_at"]
    pagination_class = StableCursorPagination

    def get_queryset(self):
        return selectors.date_request_list(self.request.user)

    def get_object(self):
        return selectors.date_request_detail(
            access.access_due_date_request(self.request.user, self.kwargs["pk"])
        )

    @extend_schema(
        operation_id="due_date_requests_approve", tags=["follow-up"], request=NoteSerializer,
        responses={200: DueDateRequestSerializer}, summary="Approve a due-date request",
        description="The group's secretariat (or staff): the acuerdo's due date moves to the "
        "requested date (written in its history with the request's reason).",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None, format=None):
        obj = writable(request.user, access.access_due_date_request, pk,
                       detail=SECRETARIAT_ONLY, manage=True)
        data = _valid(NoteSerializer, request)
        services.due_date_request_approve(request=obj, actor=request.user, note=data["note"])
        return Response(self.get_serializer(selectors.date_request_detail(obj)).data)

    @extend_schema(
        operation_id="due_date_requests_reject", tags=["follow-up"], request=RejectSerializer,
        responses={200: DueDateRequestSerializer}, summary="Reject a due-date request",
        description="The group's secretariat (or staff), with a `reason` (required).",
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None, format=None):
        obj = writable(request.user, access.access_due_date_request, pk,
                       detail=SECRETARIAT_ONLY, manage=True)
        data = _valid(RejectSerializer, request)
        services.due_date_request_reject(request=obj, reason=data["reason"], actor=request.user)
        return Response(self.get_serializer(selectors.date_request_detail(obj)).data)


# --- Evidence ------------------------------------------------------------------------------------

EVIDENCE_TYPES = sorted({
    kind.content_type
    for kind in (PDF, PNG, JPEG, GIF, WEBP, DOC, XLS, PPT, *OOXML.values(), *ODF.values())
})


class EvidenceViewSet(ApiView, viewsets.GenericViewSet):
    """Files are served with their own content type; errors stay JSON whatever Accept says."""

    renderer_classes = [JSONRenderer]
    queryset = Evidence.objects.none()  # only for the schema's path parameter type

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="evidence_download", tags=["follow-up"],
        summary="Download an evidence file",
        description="Whoever may read the acuerdo may download its evidence; the file keeps the "
        "name it was uploaded with (Content-Disposition: attachment).",
        responses={
            **{(200, content_type): OpenApiResponse(OpenApiTypes.BINARY,
                                                    description="The file.")
               for content_type in EVIDENCE_TYPES},
            409: OpenApiResponse(ErrorSerializer, description=ERRORS["409"]),
        },
    )
    def retrieve(self, request, pk=None, format=None):
        evidence = access.access_evidence(request.user, pk)
        try:
            response = verified_file_response(
                evidence, actor=request.user, request=request, as_attachment=True,
                filename=evidence.original_name, content_type=evidence.content_type)
        except StoredFileError as exc:
            raise StoredFileUnavailable(exc) from None
        audit_record(action=Action.DOWNLOAD, actor=request.user, obj=evidence, request=request,
                     detail=evidence.original_name)
        return response
