"""The floor under the API's request path (bench/api_throughput.py): what any view behind the same
gunicorn, handler and token middleware path pays before it does its own work. A DRF view with the
API's authentication (the token's lookup), permission and renderer returning a constant body,
and a plain Django view (no DRF, no authentication)."""

from django.http import HttpResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from api.views.base import ApiView

EMPTY_PAGE = {"next": None, "previous": None, "results": []}


class DrfFloor(ApiView, APIView):
    def get(self, request):
        return Response(EMPTY_PAGE)


def django_floor(request):
    return HttpResponse(b'{"next":null,"previous":null,"results":[]}',
                        content_type="application/json")


urlpatterns = [
    path("api/v1/floor/drf/", DrfFloor.as_view()),
    path("api/v1/floor/django/", django_floor),
]
