from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("security.urls")),  # before auth.urls: the throttled reset page
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("followup.urls")),
    path("", include("workspace.urls")),
    path("api/", include("api.urls")),
    path("minutas/", include("documents.urls")),
    path("notifications/", include("notifications.urls")),
]
if settings.OIDC_ENABLED:  # single sign-on (security/oidc.py), off unless configured
    urlpatterns += [path("oidc/", include("mozilla_django_oidc.urls"))]
