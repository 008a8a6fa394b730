"""GET /api/v1/informe/: the Informe's figures with the page's parameters (reports.forms)."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from reports.forms import InformeForm, Preset
from reports.paragraph import informe_paragraph
from reports.selectors import report_figures
from tracker.access import access_followup

from ..informe_serializers import InformeSerializer, informe_data, informe_plain
from .base import ApiView

PARAMETERS = [
    OpenApiParameter("groups", OpenApiTypes.INT, many=True, required=True,
                     description="Group ids (repeat the parameter for several groups)."),
    OpenApiParameter("family", OpenApiTypes.BOOL,
                     description="Include every group under them (a body and its family)."),
    OpenApiParameter("preset", OpenApiTypes.STR, enum=[c for c, _ in Preset.CHOICES],
                     description="this_year; informe (1 Sep–31 Aug containing today); "
                     "since_created; custom (give start and end)."),
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day (preset=custom)."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (preset=custom)."),
    OpenApiParameter("themes", OpenApiTypes.INT, many=True,
                     description="Theme ids: only sessions (and acuerdos) under them."),
]


class InformeView(ApiView, APIView):
    @extend_schema(tags=["figures"], parameters=PARAMETERS, responses={200: InformeSerializer},
                   summary="The Informe: sessions, acuerdos, attendance, themes and groups")
    def get(self, request):
        """The figures coordinators report upward, for the groups you follow (404 if none)."""
        groups = access_followup(request.user)
        data = request.query_params.copy()
        data.setdefault("preset", Preset.INFORME)
        if data.get("family") in ("true", "1"):
            data["family"] = "on"
        form = InformeForm(data, groups=groups, today=timezone.localdate())
        if not form.is_valid():
            raise exceptions.ValidationError(
                {name: [str(e) for e in errors] for name, errors in form.errors.items()})
        scope = form.scope()
        figures = report_figures(scope)
        paragraph = informe_paragraph(scope=scope, figures=figures)
        # The same JSON as InformeSerializer(…).data, the response's schema (informe_plain).
        return Response(informe_plain(
            informe_data(scope=scope, figures=figures, paragraph=paragraph)))
