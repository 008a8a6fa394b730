"""POST /api/v1/imports/sessions/: institutions that migrate from their own systems send each past
session whole (participants, agenda, acuerdos); it goes through the editor's services in one
transaction, so numbers, snapshots and history are as if it had been typed in."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from imports.services import acuerdos_import, session_import
from tracker import access

from .. import selectors
from ..errors import as_api_validation_error
from ..import_serializers import AcuerdosImportSerializer, SessionImportSerializer
from ..serializers import AcuerdoSerializer, SessionDetailSerializer
from .base import ApiView, writable

SESSION_FIELDS = ("type", "number", "date", "start_time", "end_time", "status", "title",
                  "subject", "objective", "modality", "place", "state", "video_url",
                  "meeting_id", "passcode")


class SessionImportView(ApiView, APIView):
    @extend_schema(
        operation_id="imports_sessions_create", tags=["imports"],
        request=SessionImportSerializer, responses={201: SessionDetailSerializer},
        summary="Create a whole session (participants, agenda, acuerdos) from another system",
        description="The group's secretariat (or staff). The session is numbered as given (or "
        "after the group's last one of its type) and its acuerdos after the group's pattern; "
        "participants are directory people (their cargo and institution are recorded as they "
        "are today). Everything is saved, or nothing (400 with the reason).",
    )
    def post(self, request):
        serializer = SessionImportSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        group = writable(request.user, access.access_group, data["group"])
        fields = {name: data[name] for name in SESSION_FIELDS if name in data}
        try:
            session = session_import(
                group=group, session=fields, attendance=data.get("attendance", []),
                agenda=data.get("agenda", []), acuerdos=data.get("acuerdos", []),
                actor=request.user)
        except DjangoValidationError as exc:
            raise as_api_validation_error(exc) from None
        body = SessionDetailSerializer(selectors.session_detail(request.user, session.pk),
                                       context={"request": request})
        return Response(body.data, status=status.HTTP_201_CREATED)


class AcuerdosImportView(ApiView, APIView):
    @extend_schema(
        operation_id="imports_acuerdos_create", tags=["imports"],
        request=AcuerdosImportSerializer, responses={201: AcuerdoSerializer(many=True)},
        summary="Add acuerdos to an existing session, numbered by the group's pattern",
        description="The group's secretariat (or staff), while the session's minuta is a draft "
        "or the session was never approved; everything is saved, or nothing (400).",
    )
    def post(self, request):
        serializer = AcuerdosImportSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        session = writable(request.user, access.access_session, data["session"])
        try:
            made = acuerdos_import(session=session, acuerdos=data["acuerdos"],
                                   actor=request.user)
        except DjangoValidationError as exc:
            raise as_api_validation_error(exc) from None
        rows = selectors.acuerdo_list(request.user, today=timezone.localdate()).filter(
            pk__in=[a.pk for a in made]).order_by("sequence")
        return Response(AcuerdoSerializer(rows, many=True, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)
