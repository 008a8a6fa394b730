"""The project's URLs with single sign-on switched on (tracker/urls.py adds these only when
OIDC_RP_CLIENT_ID is set at start-up)."""

from django.urls import include, path

from tracker.urls import urlpatterns as project_urls

urlpatterns = [*[p for p in project_urls if str(p.pattern) != "oidc/"],
               path("oidc/", include("mozilla_django_oidc.urls"))]
