"""GET /api/v1/search/?q=…: the search page's results as JSON, within the same access rules."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from search.forms import SearchForm
from search.models import SearchEntry
from search.selectors import search
from tracker import access

from .base import ApiView


class HitSerializer(serializers.Serializer):
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="The passage, HTML-escaped, matches in <mark>.")
    path = serializers.CharField(help_text="The page of the thing found.")
    date = serializers.DateField(allow_null=True)
    group = serializers.CharField(help_text="Group acronym, or empty.")
    session = serializers.CharField(help_text="Session code (5/SO), or empty.")


class KindSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SearchEntry.Kind.choices)
    label = serializers.CharField()
    count = serializers.IntegerField(
        help_text="Matches of this kind, counted up to 1,000 (see count_exact).")
    count_exact = serializers.BooleanField(
        help_text="False when the kind has more matches than count: counting stops at 1,000.")
    hits = HitSerializer(many=True)


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField()
    total_exact = serializers.BooleanField(help_text="False when a kind's count stopped at 1,000.")
    kinds = KindSerializer(many=True)


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text="Words, \"a phrase\", or 5/SO-3.")
    group = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    family = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    kind = serializers.ChoiceField(required=False, choices=SearchEntry.Kind.choices)
    status = serializers.ChoiceField(required=False, choices=["pending", "in_progress",
                                                              "overdue", "fulfilled",
                                                              "cancelled"])
    institution = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class SearchView(ApiView, APIView):
    @extend_schema(operation_id="search", tags=["search"], parameters=[SearchQuerySerializer],
                   responses={200: SearchResultsSerializer},
                   summary="Search minutas, acuerdos, reports, people and institutions")
    def get(self, request):
        params = SearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        form = SearchForm(params.validated_data | {"q": params.validated_data["q"]},
                          groups=access.groups_visible_to(request.user))
        if not form.is_valid():
            from rest_framework import exceptions

            raise exceptions.ValidationError({k: [str(m) for m in v]
                                              for k, v in form.errors.items()})
        results = search(request.user, q=params.validated_data["q"].strip(),
                         today=timezone.localdate(),
                         followed_group_ids=access.request_followed_group_ids(request),
                         **form.filters())
        body = {"query": results.query, "total": results.total,
                "total_exact": results.total_exact, "kinds": [
            {"kind": kind, "label": str(label), "count": count,
             "count_exact": kind not in results.capped,
             "hits": [vars(h) for h in hits]} for kind, label, count, hits in results.kinds]}
        return Response(SearchResultsSerializer(body).data)
