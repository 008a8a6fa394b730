"""/api/v1/ — see README, "REST API"."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from .views.agreements import AcuerdoViewSet, ResponsibilityViewSet
from .views.auth import TokenView
from .views.directory import InstitutionViewSet, PersonViewSet
from .views.meetings import GroupViewSet, SessionViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("institutions", InstitutionViewSet, basename="institution")
router.register("people", PersonViewSet, basename="person")
router.register("groups", GroupViewSet, basename="group")
router.register("sessions", SessionViewSet, basename="session")
router.register("acuerdos", AcuerdoViewSet, basename="acuerdo")
router.register("responsibilities", ResponsibilityViewSet, basename="responsibility")
# Follow-up (branch `enlaces`, app `followup`): progress reports with evidence upload, validation
# actions and due-date requests are registered here after that branch is merged, e.g.
#   router.register("reports", followup.api.ReportViewSet, basename="report")
# They call followup.services the same way views/agreements.py calls agreements.services.

app_name = "api"
urlpatterns = [
    path("v1/auth/token/", TokenView.as_view(), name="token"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
