from django.http import Http404
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated

from ..tokens import HashedTokenAuthentication


class ApiView:
    """Token first, so an anonymous request gets 401 with `WWW-Authenticate: Token`."""

    authentication_classes = [HashedTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]


def writable(user, lookup, obj_id, detail=None, **right):
    """The object through a tracker.access lookup with a right (default write=True; e.g.
    manage=True): 404 outside what the user sees, 403 when seen but without that right."""
    right = right or {"write": True}
    try:
        return lookup(user, obj_id, **right)
    except Http404:
        lookup(user, obj_id)  # raises 404 when the user cannot even see it
        raise exceptions.PermissionDenied(detail) from None
