from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_view, extend_schema
from rest_framework import viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from .. import rows, selectors
from ..filters import SessionFilter
from ..planned import planned_group_detail, planned_session_detail
from ..serializers import (
    GroupDetailSerializer,
    GroupSerializer,
    SessionDetailSerializer,
    SessionSerializer,
)
from .base import ApiView


@extend_schema_view(list=extend_schema(tags=["groups"]), retrieve=extend_schema(tags=["groups"]))
class GroupViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    filter_backends = [OrderingFilter]
    ordering_fields = ["id", "acronym"]

    def get_serializer_class(self):
        return GroupDetailSerializer if self.action == "retrieve" else GroupSerializer

    def get_queryset(self):
        return selectors.group_list(self.request.user)

    def get_object(self):
        return selectors.group_detail(self.request.user, self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        # GroupDetailSerializer's output (it stays for the schema) from api.rows.
        # The access check and the members, their SQL compiled once (api.planned).
        return Response(rows.group_detail_row(*planned_group_detail(request.user, kwargs["pk"])))


@extend_schema_view(list=extend_schema(tags=["sessions"]), retrieve=extend_schema(tags=["sessions"]))
class SessionViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = SessionFilter
    ordering_fields = ["id", "date"]

    def get_serializer_class(self):
        return SessionDetailSerializer if self.action == "retrieve" else SessionSerializer

    def get_queryset(self):
        return selectors.session_list(self.request.user)

    def get_object(self):
        return selectors.session_detail(self.request.user, self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        # SessionDetailSerializer's output (it stays for the schema and for SQLite) from
        # api.rows; the access check and what the detail shows, their SQL compiled once
        # (api.planned).
        planned = planned_session_detail(request.user, kwargs["pk"])
        if planned is None:
            return super().retrieve(request, *args, **kwargs)
        return Response(rows.session_detail_row(*planned))
