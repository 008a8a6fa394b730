"""The audit log: sign-ins, failed sign-ins, downloads, exports, preference changes and every admin
change with old and new values; readable by staff only, with filters (issue 11)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from audit.admin_hooks import HIDDEN, AuditedAdmin
from audit.models import AuditEntry
from meetings.drafting import agenda_narrative_save
from meetings.models import MinutaEvent

from .followup_helpers import user
from .minuta_helpers import mj_review_session

pytestmark = pytest.mark.django_db


def test_it_records_sign_ins_failed_sign_ins_and_sign_outs(demo, client):
    u = user("secretaria")
    u.set_password("Una-clave-larga-1")
    u.save()
    login = reverse("login")
    client.post(login, {"username": "secretaria", "password": "equivocada"})
    client.post(login, {"username": "secretaria", "password": "Una-clave-larga-1"})
    client.post(reverse("logout"))
    actions = list(AuditEntry.objects.order_by("at", "id").values_list("action", "actor_name"))
    assert actions == [("login_failed", "secretaria"), ("login", "secretaria"),
                       ("logout", "secretaria")]
    assert AuditEntry.objects.filter(action="login", ip="127.0.0.1").exists()


def test_it_records_downloads_and_exports(demo, client):
    client.force_login(user("secretaria.mj"))
    session = mj_review_session()
    client.get(reverse("documents:minuta_pdf", args=[session.pk]))
    client.get(reverse("documents:minuta_docx", args=[session.pk]))
    client.get(reverse("followup:parts_export", args=["csv"]) + "?q=FGR")
    downloads = AuditEntry.objects.filter(action="download", actor_name="secretaria.mj")
    assert downloads.count() == 2
    assert {d.object_id for d in downloads} == {str(session.pk)}
    assert {d.detail.rsplit(".", 1)[1] for d in downloads} == {"pdf", "docx"}
    export = AuditEntry.objects.get(action="export")
    assert export.detail.startswith("acuerdos-") and "q=FGR" in export.detail


def test_it_records_a_preference_change_with_old_and_new(demo, client):
    client.force_login(user("enlace.fgr"))
    client.post(reverse("notifications:preferences"), {"weekly_digest": "on"})
    client.post(reverse("notifications:preferences"), {})
    client.post(reverse("notifications:preferences"), {})  # no change, no row
    entry = AuditEntry.objects.filter(action="preferences").first()
    assert AuditEntry.objects.filter(action="preferences").count() <= 2
    assert entry.actor_name == "enlace.fgr" and entry.changes == {"weekly_digest": [True, False]}


def test_it_records_every_admin_change_with_whole_old_and_new_values(demo, client):
    client.force_login(user("admin"))
    attendance = mj_review_session().attendances.first()
    old_name = attendance.name
    long_cargo = "Directora General de Vinculación " * 7
    client.post(reverse("admin:meetings_attendance_change", args=[attendance.pk]), {
        "session": attendance.session_id, "person": attendance.person_id,
        "name": "Nombre corregido", "cargo": long_cargo,
        "institution": attendance.institution_id, "present": "on", "order": attendance.order,
    })
    entry = AuditEntry.objects.get(action="admin_change")
    assert entry.actor_name == "admin"
    assert entry.object_type == "meetings.attendance" and entry.object_id == str(attendance.pk)
    assert entry.changes["name"] == [old_name, "Nombre corregido"]
    assert entry.changes["cargo"][1] == long_cargo.strip() and len(long_cargo) > 200
    assert set(entry.changes) == {"name", "cargo"}
    person = attendance.person
    client.post(reverse("admin:directory_person_delete", args=[person.pk]), {"post": "yes"})
    # Protected by its attendance: not deleted, so nothing is recorded as deleted.
    assert not AuditEntry.objects.filter(action="admin_delete").exists()


def test_it_hides_secrets_but_records_that_they_changed(demo, client):
    client.force_login(user("admin"))
    target = user("enlace.fgr")
    client.post(reverse("admin:auth_user_password_change", args=[target.pk]),
                {"password1": "Otra-clave-larga-2", "password2": "Otra-clave-larga-2",
                 "usable_password": "true"})
    data = {"username": target.username, "first_name": "Nuevo", "last_name": target.last_name,
            "email": target.email, "is_active": "on", "date_joined_0": "2025-01-01",
            "date_joined_1": "00:00", "initial-date_joined_0": "2025-01-01",
            "initial-date_joined_1": "00:00", "password": target.password}
    client.post(reverse("admin:auth_user_change", args=[target.pk]), data)
    entries = AuditEntry.objects.filter(action="admin_change", object_type="auth.user",
                                        object_id=str(target.pk)).order_by("id")
    assert [e.changes.get("password") for e in entries][:1] == [[HIDDEN, HIDDEN]]
    assert entries.last().changes["first_name"][1] == "Nuevo"
    for values in AuditEntry.objects.values_list("changes", flat=True):
        for name, pair in values.items():
            if name == "password":
                assert set(pair) <= {HIDDEN, None}


def test_every_registered_admin_is_audited():
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin, AuditedAdmin), type(model_admin)


def test_the_narrative_history_keeps_every_save_whole(demo, client):
    session = mj_review_session()
    session.minuta_status = "draft"
    session.save(update_fields=["minuta_status"])
    item = session.agenda_items.first()
    first, second = "Primera versión. " * 40, "Segunda versión. " * 40
    agenda_narrative_save(item=item, narrative=first, actor=user("secretaria.mj"))
    agenda_narrative_save(item=item, narrative=second, actor=user("secretaria.mj"))
    rows = list(MinutaEvent.objects.filter(session=session).order_by("id")
                .values_list("old_value", "new_value"))
    assert rows[-2][1] == first and rows[-1] == (first, second)
    assert len(first) > 200


def test_the_staff_page_filters_by_who_action_period_and_object(demo, client):
    session = mj_review_session()
    for username in ("secretaria.mj", "coordinador"):
        client.force_login(user(username))
        client.get(reverse("documents:minuta_docx", args=[session.pk]))
    client.force_login(user("coordinador"))
    assert client.get(reverse("audit:log")).status_code == 404
    client.force_login(user("admin"))
    page = client.get(reverse("audit:log"), {"who": "secretaria.mj", "action": "download"})
    rows = page.context["page"].object_list
    assert [r.actor_name for r in rows] == ["secretaria.mj"]
    assert "Bitácora de auditoría" in page.content.decode()
    by_object = client.get(reverse("audit:log"), {"object": f"meetings.session:{session.pk}"})
    assert len(by_object.context["page"].object_list) == 2
    later = client.get(reverse("audit:log"), {"since": "2999-01-01"})
    assert len(later.context["page"].object_list) == 0
