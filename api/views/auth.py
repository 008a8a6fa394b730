"""Tokens: POST username/password for one; DELETE to revoke it (a new POST issues a new one)."""

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from security.second_factor import check_token_request

from ..serializers import TokenRequestSerializer, TokenSerializer
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
        summary="Obtain the API token of a user",
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
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(
        operation_id="auth_token_revoke", request=None,
        responses={204: OpenApiResponse(description="Token revoked.")}, tags=["auth"],
        summary="Revoke the caller's API token",
    )
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
