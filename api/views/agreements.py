"""Acuerdos, their responsibilities and history; the overdue/compliance figures.

Writes: PATCH with If-Match (the ETag of the GET). The row is locked, the tag compared, and only
then the services run, so a stale write changes nothing (412)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agreements import services
from agreements.models import Acuerdo, Responsibility
from followup import services as followup_services
from tracker import access
from tracker.versions import token

from .. import rows, selectors
from ..errors import as_api_validation_error
from ..etags import acuerdo_etag, check_if_match, responsibility_etag
from ..filters import AcuerdoFilter, ResponsibilityFilter
from ..followup_serializers import ResponsibilityPatchSerializer
from ..pagination import StableCursorPagination, StableOrderingFilter
from ..planned import planned_access_acuerdo, planned_acuerdo_history, planned_acuerdo_values
from ..serializers import (
    AcuerdoDetailSerializer,
    AcuerdoPatchSerializer,
    AcuerdoSerializer,
    FiguresSerializer,
    ResponsibilitySerializer,
)
from .base import ApiView
from .base import writable as _writable
from .followup import ResponsibilityFollowupActions

ETAG = OpenApiParameter(
    "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200],
    description="Version of the resource; send it back in If-Match to PATCH.",
)
IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    description="The ETag of your last GET of this resource. Missing: 428; stale: 412.",
)
ORDERING = OpenApiParameter(
    "ordering", OpenApiTypes.STR, OpenApiParameter.QUERY,
    enum=["id", "-id", "created_at", "-created_at", "due", "-due"],
    description="Sort key (due = due date, acuerdos without one last); ties by id.",
)


@extend_schema_view(
    list=extend_schema(tags=["acuerdos"], parameters=[ORDERING]),
    retrieve=extend_schema(tags=["acuerdos"], parameters=[ETAG]),
    partial_update=extend_schema(
        tags=["acuerdos"], request=AcuerdoPatchSerializer,
        responses={200: AcuerdoDetailSerializer}, parameters=[IF_MATCH, ETAG],
        description="Change the text (acuerdo_change_text), the kind (acuerdo_change_kind) "
        "and/or the due date "
        "(acuerdo_change_due_date, `reason` required). Group secretariat and staff only.",
    ),
    figures=extend_schema(tags=["figures"], responses={200: FiguresSerializer}),
)
class AcuerdoViewSet(
    ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "patch", "head", "options"]
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = AcuerdoFilter
    ordering_fields = ["id", "created_at", "due"]
    pagination_class = StableCursorPagination

    def get_serializer_class(self):
        return AcuerdoDetailSerializer if self.action != "list" else AcuerdoSerializer

    def get_queryset(self):
        return selectors.acuerdo_list(self.request.user, today=timezone.localdate())

    def list(self, request, *args, **kwargs):
        """The serializer's output without model instances (api.rows; same queries, same JSON)."""
        today = timezone.localdate()
        # The page's SQL compiled before for this shape (api.planned): who, the filters asked
        # for (validated by AcuerdoFilter's form fields), the ordering, the cursor, the size.
        planned = planned_acuerdo_values(request.user, request.query_params)
        if planned is None:
            # A filter value to refuse (AcuerdoFilter's 400), or no plan (SQLite, no scope).
            acuerdos = self.filter_queryset(
                selectors.acuerdo_list_plain(request.user, today=today))
            acuerdos = rows.acuerdo_values(acuerdos)
        else:
            # Building the FilterSet and its form per request is what the plan saves.
            acuerdos = StableOrderingFilter().filter_queryset(request, planned, self)
        page = self.paginate_queryset(acuerdos)
        return self.get_paginated_response(rows.acuerdo_rows(page, today=today))

    def get_object(self):
        return selectors.acuerdo_detail(
            self.request.user, self.kwargs["pk"], today=timezone.localdate()
        )

    def retrieve(self, request, *args, **kwargs):
        """AcuerdoDetailSerializer's output from plain rows (api.rows): the access check's own read
        of the acuerdo (with session and group), its parts, its history."""
        # access.access_acuerdo, compiled once (api.planned): 404 outside the scope
        acuerdo = planned_access_acuerdo(request.user, kwargs["pk"])
        body = rows.acuerdo_rows([rows.acuerdo_row_of(acuerdo)], today=timezone.localdate())[0]
        body["history"] = rows.history_rows(planned_acuerdo_history(request.user, acuerdo))
        return Response(body, headers={"ETag": acuerdo_etag(acuerdo)})

    def partial_update(self, request, *args, **kwargs):
        acuerdo = _writable(request.user, access.access_acuerdo, kwargs["pk"])
        patch = AcuerdoPatchSerializer(data=request.data)
        patch.is_valid(raise_exception=True)
        data = patch.validated_data
        try:
            with transaction.atomic():
                locked = Acuerdo.objects.select_for_update().get(pk=acuerdo.pk)
                check_if_match(request, acuerdo_etag(locked))
                if "text" in data:
                    # If-Match was just checked on the locked row: that is the version read.
                    services.acuerdo_change_text(
                        acuerdo=locked, text=data["text"], version=token(locked.text),
                        actor=request.user,
                    )
                if "kind" in data:
                    services.acuerdo_change_kind(acuerdo=locked, kind=data["kind"],
                                                 actor=request.user)
                if "due_date" in data:
                    services.acuerdo_change_due_date(
                        acuerdo=locked, due_date=data["due_date"], reason=data["reason"],
                        actor=request.user,
                    )
        except DjangoValidationError as exc:
            raise as_api_validation_error(exc) from None
        return self.retrieve(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):  # PUT is not offered (http_method_names)
        raise exceptions.MethodNotAllowed(request.method)

    @action(detail=False, pagination_class=None)
    def figures(self, request, format=None):
        """Counts by status and the compliance rate of the acuerdos you see, with the same
        filters as the list (e.g. ?group=…&institution=…)."""
        acuerdos = self.filter_queryset(self.get_queryset())
        figures = selectors.acuerdo_figures(acuerdos, today=timezone.localdate())
        return Response(FiguresSerializer(figures).data)


@extend_schema_view(
    list=extend_schema(tags=["acuerdos"]),
    retrieve=extend_schema(tags=["acuerdos"], parameters=[ETAG]),
    partial_update=extend_schema(
        tags=["acuerdos"], request=ResponsibilityPatchSerializer,
        responses={200: ResponsibilitySerializer}, parameters=[IF_MATCH, ETAG],
        description="The enlace of the part's institution (or staff) reports it as `in_progress` "
        "or `reported` (fulfilled, awaiting the secretariat's validation) — the same progress "
        "report as the web page and POST …/reports/ (without evidence); `note` is the report's "
        "comment and is required. `fulfilled` is never set here: only the group's secretariat "
        "validating a report (POST /api/v1/reports/{id}/validate/) makes a part fulfilled. "
        "403 for someone who sees the part but may not report on it.",
    ),
)
class ResponsibilityViewSet(
    ApiView, ResponsibilityFollowupActions, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin, viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = ResponsibilitySerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = ResponsibilityFilter
    ordering_fields = ["id", "updated_at"]
    pagination_class = StableCursorPagination

    def get_queryset(self):
        return selectors.responsibility_list(self.request.user)

    def get_object(self):
        return access.access_responsibility(self.request.user, self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        part = self.get_object()
        return Response(self.get_serializer(part).data, headers={"ETag": responsibility_etag(part)})

    def partial_update(self, request, *args, **kwargs):
        part = _writable(request.user, access.access_responsibility, kwargs["pk"])
        patch = ResponsibilityPatchSerializer(data=request.data)
        patch.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                locked = Responsibility.objects.select_for_update().get(pk=part.pk)
                check_if_match(request, responsibility_etag(locked))
                followup_services.progress_report(
                    responsibility=locked, status=patch.validated_data["status"],
                    comment=patch.validated_data["note"], actor=request.user,
                )
        except DjangoValidationError as exc:
            # The service names the report's text `comment`; this body calls it `note`.
            raise as_api_validation_error(exc, rename={"comment": "note"}) from None
        return self.retrieve(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        raise exceptions.MethodNotAllowed(request.method)
