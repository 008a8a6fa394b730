"""Tokens: POST username/password (and a name) for a new one; DELETE to revoke the one in use.
GET auth/tokens/ lists the caller's live tokens, DELETE auth/tokens/{id}/ revokes one of them.
Keys are stored only as hashes and expire after API_TOKEN_DAYS (api/tokens.py)."""

from django.contrib.auth import authenticate
from django.http import Http404
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from security.second_factor import check_token_request

from ..models import ApiToken
from ..serializers import TokenListSerializer, TokenRequestSerializer, TokenSerializer
from ..tokens import token_issue, token_revoke, tokens_active, tokens_revoke_all
from .base import ApiView


class TokenView(ApiView, APIView):
    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_authenticators(self):
        # Obtaining a token needs no session (and so no CSRF token).
        if self.request is not None and self.request.method == "POST":
            return []
        return super().get_authenticators()

    @extend_schema(
        operation_id="auth_token_create", request=TokenRequestSerializer,
        responses={200: TokenSerializer}, auth=[], tags=["auth"],
        summary="Obtain a new API token",
        description="Each call issues a new token, valid for API_TOKEN_DAYS (90 by default). "
        "The key is shown only in this response; it ends when it expires, is revoked, or the "
        "user changes password or is deactivated.",
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request=request._request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Unable to sign in with the given username and password.")]}
            )
        try:  # the second factor, when the site requires it for this user (security app)
            check_token_request(user, serializer.validated_data.get("otp_token"))
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"otp_token": exc.messages}) from None
        token, key = token_issue(user=user, name=serializer.validated_data.get("name", ""),
                                 request=request._request)
        return Response({"token": key, "id": token.pk, "name": token.name,
                         "expires_at": token.expires_at})

    @extend_schema(
        operation_id="auth_token_revoke", request=None,
        responses={204: OpenApiResponse(description="Token revoked.")}, tags=["auth"],
        summary="Revoke the API token of this request (signed in by session: all your tokens)",
    )
    def delete(self, request):
        if isinstance(request.auth, ApiToken):
            token_revoke(token=request.auth, actor=request.user, request=request._request,
                         reason="revoked by its user")
        else:
            tokens_revoke_all(user=request.user, actor=request.user, request=request._request,
                              reason="revoked by their user")
        return Response(status=status.HTTP_204_NO_CONTENT)


def _row(token, request) -> dict:
    current = isinstance(request.auth, ApiToken) and request.auth.pk == token.pk
    return {"id": token.pk, "name": token.name, "prefix": token.prefix,
            "created_at": token.created_at, "expires_at": token.expires_at,
            "last_used_at": token.last_used_at, "current": current}


class TokenListView(ApiView, APIView):
    @extend_schema(operation_id="auth_tokens_list", responses={200: TokenListSerializer(many=True)},
                   tags=["auth"], summary="Your live API tokens (never their keys)")
    def get(self, request):
        rows = [_row(t, request) for t in tokens_active(request.user)]
        return Response(TokenListSerializer(rows, many=True).data)


class TokenDetailView(ApiView, APIView):
    @extend_schema(operation_id="auth_tokens_revoke", request=None,
                   responses={204: OpenApiResponse(description="Token revoked.")},
                   tags=["auth"], summary="Revoke one of your API tokens")
    def delete(self, request, pk):
        token = tokens_active(request.user).filter(pk=pk).first()
        if token is None:
            raise Http404
        token_revoke(token=token, actor=request.user, request=request._request,
                     reason="revoked by its user")
        return Response(status=status.HTTP_204_NO_CONTENT)
