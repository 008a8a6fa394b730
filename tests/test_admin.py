import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_every_model_has_a_working_admin_in_spanish(admin_client):
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = admin_client.get(changelist)
        assert response.status_code == 200, changelist
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert admin_client.get(change).status_code == 200, change
    home = admin_client.get(reverse("admin:index")).content.decode()
    assert "Sesiones" in home and "Instituciones" in home and "Acuerdos" in home


def test_the_admin_assigns_numbers_through_the_service(admin_client):
    from meetings.models import Session

    session = Session.objects.get(group__acronym="GTTIM", number=6, type="SO")
    response = admin_client.post(
        reverse("admin:agreements_acuerdo_add"),
        {
            "session": session.pk,
            "text": "Se presentará el avance del plan de trabajo.",
            "due_date": "2025-08-20",
            "responsibilities-TOTAL_FORMS": "0",
            "responsibilities-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert session.acuerdos.get().number == "6/SO-1"
