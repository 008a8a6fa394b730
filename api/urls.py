"""/api/v1/ — see README, "REST API"."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from .views.agreements import AcuerdoViewSet, ResponsibilityViewSet
from .pages import token_revoke_page, tokens_page
from .views.auth import TokenDetailView, TokenListView, TokenView
from .views.directory import InstitutionViewSet, PersonViewSet
from .views.informe import InformeView
from .views.followup import DueDateRequestViewSet, EvidenceViewSet, ReportViewSet
from .views.imports import AcuerdosImportView, SessionImportView
from .views.meetings import GroupViewSet, SessionViewSet
from .views.search import SearchView
from .views.workplan import ActividadViewSet, EjeViewSet, PlanViewSet, ProposalViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("institutions", InstitutionViewSet, basename="institution")
router.register("people", PersonViewSet, basename="person")
router.register("groups", GroupViewSet, basename="group")
router.register("sessions", SessionViewSet, basename="session")
router.register("acuerdos", AcuerdoViewSet, basename="acuerdo")
router.register("responsibilities", ResponsibilityViewSet, basename="responsibility")
# Follow-up (app `followup`): reports with evidence, validation, due-date requests, evidence
# downloads; POST responsibilities/{id}/reports/ and …/due-date-requests/ are actions of
# ResponsibilityViewSet. They call followup.services, as views/agreements.py calls agreements'.
router.register("reports", ReportViewSet, basename="report")
router.register("due-date-requests", DueDateRequestViewSet, basename="due-date-request")
router.register("evidence", EvidenceViewSet, basename="evidence")
# Work plans (app `workplan`, issue 14): plans (+ progress, import), ejes, actividades (+ propose),
# proposals (accept, decline, withdraw). They call workplan.services, as its web pages do.
router.register("plans", PlanViewSet, basename="plan")
router.register("ejes", EjeViewSet, basename="eje")
router.register("actividades", ActividadViewSet, basename="actividad")
router.register("proposals", ProposalViewSet, basename="proposal")

app_name = "api"
urlpatterns = [
    path("v1/auth/token/", TokenView.as_view(), name="token"),
    path("v1/imports/sessions/", SessionImportView.as_view(), name="imports-sessions"),
    path("v1/imports/acuerdos/", AcuerdosImportView.as_view(), name="imports-acuerdos"),
    path("v1/search/", SearchView.as_view(), name="search"),
    path("v1/informe/", InformeView.as_view(), name="informe"),
    path("v1/auth/tokens/", TokenListView.as_view(), name="tokens"),
    path("v1/auth/tokens/<int:pk>/", TokenDetailView.as_view(), name="token_detail"),
    path("v1/", include(router.urls)),
    path("tokens/", tokens_page, name="tokens_page"),
    path("tokens/<int:pk>/revoke/", token_revoke_page, name="token_revoke_page"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
