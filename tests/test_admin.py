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


def test_parts_named_in_the_admin_keep_the_has_responsable_fact(admin_client):
    # The inline parts are saved by the admin itself, after acuerdo_create: save_related
    # brings Acuerdo.has_responsable (which the SQL status rule reads) in line with them.
    import datetime as dt

    from agreements.models import Acuerdo
    from meetings.models import Session

    session = Session.objects.get(group__acronym="GTTIM", number=6, type="SO")
    institution = session.group.member_institutions(on=session.date)[0]
    response = admin_client.post(
        reverse("admin:agreements_acuerdo_add"),
        {
            "session": session.pk,
            "text": "Se presentará el avance del plan de trabajo.",
            "responsibilities-TOTAL_FORMS": "1",
            "responsibilities-INITIAL_FORMS": "0",
            "responsibilities-0-institution": institution.pk,
            "responsibilities-0-role": "responsable",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    acuerdo = session.acuerdos.get()
    assert acuerdo.responsibilities.get().institution == institution
    assert acuerdo.has_responsable
    # and the part carries its acuerdo's group (Responsibility.acuerdo_group, from save())
    assert acuerdo.responsibilities.get().acuerdo_group_id == session.group_id
    acuerdo.responsibilities.update(status="fulfilled")
    day = dt.date(2030, 1, 1)
    assert Acuerdo.objects.with_status(day).get(pk=acuerdo.pk).status_value == \
        acuerdo.status_on(day) == Acuerdo.Status.FULFILLED


def test_the_admin_cannot_change_an_acuerdo_behind_the_services_back(admin_client):
    from agreements.models import Acuerdo, AcuerdoEvent

    acuerdo = Acuerdo.objects.get(number="5/SO-3")
    events = AcuerdoEvent.objects.filter(acuerdo=acuerdo).count()
    url = reverse("admin:agreements_acuerdo_change", args=[acuerdo.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="text"' not in page and 'name="due_date"' not in page
    admin_client.post(url, {"text": "Texto cambiado sin historial", "due_date": "2030-01-01",
                            "responsibilities-TOTAL_FORMS": "0",
                            "responsibilities-INITIAL_FORMS": "0",
                            "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"})
    acuerdo.refresh_from_db()
    assert acuerdo.text.startswith("Las instituciones emitirán") and acuerdo.due_date.year == 2025
    assert AcuerdoEvent.objects.filter(acuerdo=acuerdo).count() == events
    part = acuerdo.responsibilities.first()
    part_page = admin_client.get(
        reverse("admin:agreements_responsibility_change", args=[part.pk])).content.decode()
    assert 'name="status"' not in part_page


def test_a_groups_minuta_and_naming_styles_are_chosen_in_the_admin(admin_client):
    from meetings.models import WorkingGroup

    group = WorkingGroup.objects.get(acronym="MJ-MIGRACION")
    url = reverse("admin:meetings_workinggroup_change", args=[group.pk])
    form = admin_client.get(url).context["adminform"].form
    for name in ("date_style", "agenda_layout", "session_naming", "session_noun"):
        assert name in form.fields, name
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update({
        "parent": group.parent_id or "", "convening_institution": group.convening_institution_id,
        "secretariat": [u.pk for u in group.secretariat.all()],
        "coordinators": [u.pk for u in group.coordinators.all()],
        "date_style": "official", "agenda_layout": "three_columns",
        "session_naming": "roman", "session_noun": "reunion",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
    })
    data.pop("id", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    group.refresh_from_db()
    assert (group.date_style, group.agenda_layout, group.session_naming, group.session_noun) == (
        "official", "three_columns", "roman", "reunion")
