from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_view, extend_schema
from rest_framework import viewsets
from rest_framework.filters import OrderingFilter

from directory.models import Institution

from .. import selectors
from ..filters import PersonFilter
from ..serializers import InstitutionSerializer, PersonSerializer
from .base import ApiView


@extend_schema_view(list=extend_schema(tags=["directory"]), retrieve=extend_schema(tags=["directory"]))
class InstitutionViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    """Institutions are the shared directory: every signed-in user reads them."""

    serializer_class = InstitutionSerializer
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_fields = ["kind", "acronym"]
    ordering_fields = ["id", "acronym"]

    def get_queryset(self):
        return Institution.objects.all()


@extend_schema_view(list=extend_schema(tags=["directory"]), retrieve=extend_schema(tags=["directory"]))
class PersonViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = PersonFilter
    ordering_fields = ["id", "name"]

    def get_queryset(self):
        return selectors.people_list(self.request.user)
