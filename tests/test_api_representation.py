"""The hand-written fast representations equal what DRF's declared fields produce."""

import pytest
from rest_framework import serializers

from agreements.models import Responsibility
from api.serializers import ResponsibilitySerializer, SessionRefSerializer

from .factories import make_acuerdo

pytestmark = pytest.mark.django_db


def _by_fields(serializer_class, instance):
    return serializers.ModelSerializer.to_representation(serializer_class(), instance)


def test_it_represents_responsibilities_and_sessions_as_the_fields_would():
    acuerdo = make_acuerdo()
    part = Responsibility.objects.select_related("institution").get(acuerdo=acuerdo)
    assert ResponsibilitySerializer().to_representation(part) == _by_fields(
        ResponsibilitySerializer, part
    )
    session = acuerdo.session
    assert SessionRefSerializer().to_representation(session) == _by_fields(
        SessionRefSerializer, session
    )
