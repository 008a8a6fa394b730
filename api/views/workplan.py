"""The work plan through the API: plans, ejes, actividades (with their derived progress), the
plan's progress by eje and institution, proposals (an enlace proposes their institution, the
secretariat accepts or declines) and the import of actividades. Objects are found through
tracker.access (404 outside the user's scope, 403 when seen without the right) and every write is
a workplan.services call, as on the web pages: the same rules, one implementation."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from tracker import access
from workplan import services
from workplan.imports import check, import_refusal, plan_import, read_sheet

from .. import workplan_selectors as selectors
from ..errors import as_api_validation_error
from ..pagination import StableCursorPagination, StableOrderingFilter
from ..workplan_filters import ActividadFilter, EjeFilter, PlanFilter, ProposalFilter
from ..workplan_serializers import (
    ActividadSerializer,
    DecisionSerializer,
    EjeSerializer,
    PlanDetailSerializer,
    PlanImportResultSerializer,
    PlanImportSerializer,
    PlanProgressSerializer,
    PlanSerializer,
    ProposalCreateSerializer,
    ProposalSerializer,
)
from .base import ApiView, writable

TAG = ["work plan"]
SECRETARIAT_ONLY = _("Only the group's secretariat can do this.")
PROPOSE_ONLY = _("Only the enlace of a member institution proposes, while the plan is in "
                 "consultation.")
OWN_ONLY = _("Only the enlace of the proposing institution can withdraw it.")


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _service(call, **kwargs):
    try:
        return call(**kwargs)
    except DjangoValidationError as exc:
        raise as_api_validation_error(exc) from None


@extend_schema_view(
    list=extend_schema(tags=TAG, summary="Work plans you may read",
                       description="The group's secretariat and coordinators: every plan of "
                       "their groups; member institutions' enlaces: plans in consultation or "
                       "approved."),
    retrieve=extend_schema(tags=TAG, summary="A work plan with its ejes and calendar"),
)
class PlanViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = PlanFilter
    ordering_fields = ["id", "year"]
    pagination_class = StableCursorPagination

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    def get_queryset(self):
        return selectors.plan_list(self.request.user)

    def get_object(self):
        return selectors.plan_detail(self.request.user, self.kwargs["pk"])

    @extend_schema(
        operation_id="plans_progress", tags=TAG, responses={200: PlanProgressSerializer},
        summary="What is done, late and pending, per eje, actividad and institution",
        description="Progress is derived from the follow-up of the acuerdos linked to each "
        "actividad (their reports, validation and evidence); `late`: past the end date and "
        "neither done nor cancelled.",
    )
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None, format=None):
        data = selectors.plan_progress(request.user, pk, today=timezone.localdate())
        return Response(PlanProgressSerializer(data).data)

    @extend_schema(
        operation_id="plans_import", tags=TAG, request=PlanImportSerializer,
        responses={200: PlanImportResultSerializer, 201: PlanImportResultSerializer},
        summary="Import actividades from a spreadsheet (XLSX or CSV)",
        description="The group's secretariat (or staff), into a plan in draft or in "
        "consultation. Every row is checked first; one wrong row and nothing is saved (400, "
        "`fields.file` lists each row's problem, \"Fila 5: …\"). `dry_run=true` checks and "
        "saves nothing (200); otherwise 201 with what was imported.",
    )
    @action(detail=True, methods=["post"], url_path="import", url_name="import",
            parser_classes=[MultiPartParser])
    def import_actividades(self, request, pk=None, format=None):
        plan = writable(request.user, access.access_plan, pk, detail=SECRETARIAT_ONLY)
        data = _valid(PlanImportSerializer, request)
        upload = data["file"]
        from django.conf import settings

        content = upload.read(settings.IMPORTS_MAX_BYTES + 1)
        try:
            if len(content) > settings.IMPORTS_MAX_BYTES:
                raise DjangoValidationError(_("The file is too large."))
            sheet = read_sheet(content, upload.name)
            refusal = import_refusal(plan)
            if refusal:
                raise DjangoValidationError(refusal)
            if data["dry_run"]:
                checked = check(sheet, plan=plan)
                if checked.errors:
                    raise DjangoValidationError(checked.messages)
            else:
                checked = plan_import(plan=plan, sheet=sheet, actor=request.user)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"file": exc.messages}) from None
        body = {
            "dry_run": data["dry_run"], "imported": 0 if data["dry_run"] else len(checked.rows),
            "rows": [{"line": r.line, "eje": r.eje, "description": r.description}
                     for r in checked.rows],
            "new_ejes": checked.new_ejes,
            "warnings": [{"line": line, "message": message}
                         for line, message in checked.warnings],
        }
        return Response(PlanImportResultSerializer(body).data,
                        status=status.HTTP_200_OK if data["dry_run"] else
                        status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(tags=TAG, summary="Ejes of the plans you may read"),
    retrieve=extend_schema(tags=TAG, summary="An eje with its actividades' ids"),
)
class EjeViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                 viewsets.GenericViewSet):
    serializer_class = EjeSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = EjeFilter
    ordering_fields = ["id", "order"]
    pagination_class = StableCursorPagination

    def get_queryset(self):
        return selectors.eje_list(self.request.user)

    def get_object(self):
        eje = access.access_eje(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=eje.pk)


@extend_schema_view(
    list=extend_schema(tags=TAG, summary="Actividades of the plans you may read",
                       description="With institutions (responsables, coadyuvantes), linked "
                       "acuerdos and the derived progress; filter by plan, eje, institution "
                       "(and role), progress, late."),
    retrieve=extend_schema(tags=TAG, summary="An actividad"),
)
class ActividadViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    serializer_class = ActividadSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = ActividadFilter
    ordering_fields = ["id", "end_date"]
    pagination_class = StableCursorPagination

    def get_queryset(self):
        return selectors.actividad_list(self.request.user, today=timezone.localdate())

    def get_object(self):
        actividad = access.access_actividad(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=actividad.pk)

    @extend_schema(
        operation_id="actividades_propose", tags=TAG, request=ProposalCreateSerializer,
        responses={201: ProposalSerializer},
        summary="Propose your institution as responsable or coadyuvante",
        description="The enlace of a member institution, while the plan is in consultation, "
        "proposes their own institution (`role`, optional `comment`); the secretariat accepts "
        "or declines. 403 for someone who sees the actividad but may not propose on it.",
    )
    @action(detail=True, methods=["post"], url_path="proposals", url_name="proposals")
    def propose(self, request, pk=None, format=None):
        actividad = access.access_actividad(request.user, pk)  # 404 when not even seen
        institution = access.enlace_institution(request.user)
        if institution is None or not access.can_propose_on(request.user, actividad.plan):
            raise exceptions.PermissionDenied(PROPOSE_ONLY)
        data = _valid(ProposalCreateSerializer, request)
        proposal = _service(services.proposal_create, actividad=actividad,
                            institution=institution, role=data["role"],
                            comment=data["comment"], actor=request.user)
        body = ProposalSerializer(selectors.proposal_list(request.user).get(pk=proposal.pk))
        return Response(body.data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(tags=TAG, summary="Proposals you may read",
                       description="The secretariat's and coordinators' groups' proposals; an "
                       "enlace's own institution's. `?status=pending` is the secretariat's "
                       "queue."),
    retrieve=extend_schema(tags=TAG, summary="A proposal"),
)
class ProposalViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    serializer_class = ProposalSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = ProposalFilter
    ordering_fields = ["id", "proposed_at"]
    pagination_class = StableCursorPagination

    def get_queryset(self):
        return selectors.proposal_list(self.request.user)

    def get_object(self):
        proposal = access.access_proposal(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=proposal.pk)

    def _done(self, proposal):
        return Response(self.get_serializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(
        operation_id="proposals_accept", tags=TAG, request=DecisionSerializer,
        responses={200: ProposalSerializer}, summary="Accept a proposal",
        description="The group's secretariat (or staff): the institution takes the proposed "
        "role in the actividad; the enlace who proposed is told by e-mail.",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None, format=None):
        proposal = writable(request.user, access.access_proposal, pk, detail=SECRETARIAT_ONLY,
                            manage=True)
        data = _valid(DecisionSerializer, request)
        _service(services.proposal_accept, proposal=proposal, actor=request.user,
                 note=data["note"])
        return self._done(proposal)

    @extend_schema(
        operation_id="proposals_decline", tags=TAG, request=DecisionSerializer,
        responses={200: ProposalSerializer}, summary="Decline a proposal",
        description="The group's secretariat (or staff), with a `note` saying why (required); "
        "the enlace who proposed is told by e-mail.",
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None, format=None):
        proposal = writable(request.user, access.access_proposal, pk, detail=SECRETARIAT_ONLY,
                            manage=True)
        data = _valid(DecisionSerializer, request)
        _service(services.proposal_decline, proposal=proposal, actor=request.user,
                 note=data["note"])
        return self._done(proposal)

    @extend_schema(
        operation_id="proposals_withdraw", tags=TAG, request=None,
        responses={200: ProposalSerializer}, summary="Withdraw your institution's proposal",
        description="The enlace of the proposing institution, while it is pending.",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None, format=None):
        proposal = writable(request.user, access.access_proposal, pk, detail=OWN_ONLY, own=True)
        _service(services.proposal_withdraw, proposal=proposal, actor=request.user)
        return self._done(proposal)
