from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from publication.urls import edit_urlpatterns as publication_edit_urls
from tracker.file_views import session_document, session_photo
from tracker.health import healthz

urlpatterns = [
    # First: an API request's path is then resolved without trying every page's pattern (no
    # pattern of the pages' "" includes can match a path that starts with "api/").
    path("api/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("security.urls")),  # before auth.urls: the throttled reset page
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("followup.urls")),
    path("", include("workspace.urls")),
    path("", include("imports.urls")),
    path("minutas/", include("documents.urls")),
    path("notifications/", include("notifications.urls")),
    path("calendario/", include("calendars.urls")),
    path("convocatorias/", include("convocatorias.urls")),
    path("buscar/", include("search.urls")),
    path("files/photos/<int:photo_id>", session_photo, name="session_photo"),
    path("files/documents/<int:document_id>", session_document, name="session_document"),
    path("audit/", include("audit.urls")),
    path("healthz", healthz, name="healthz"),
    path("estilo/", include("tracker.style_urls")),
    path("", include("reports.urls")),
    path("", include("workplan.urls")),
    path("publico/", include("publication.urls")),
    path("publicacion/", include(publication_edit_urls)),
    # Work plan documents (PDF, DOCX, XLSX) and the import of actividades (plandocs)
    path("planes/", include("workplan.documents_urls")),
]
if settings.OIDC_ENABLED:  # single sign-on (security/oidc.py), off unless configured
    urlpatterns += [path("oidc/", include("mozilla_django_oidc.urls"))]
