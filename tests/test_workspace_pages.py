"""Home and group page: what a secretariat user sees first, and planning the next session."""

import datetime as dt

import pytest
import time_machine

from meetings.models import Session
from meetings.services import minuta_submit, minuta_submit_for_review

from .factories import PersonFactory, UserFactory, make_session
from .workspace_data import filled_session, secretariat_user

pytestmark = pytest.mark.django_db


@time_machine.travel("2025-06-20 12:00 -0600", tick=False)
def test_it_shows_my_groups_upcoming_sessions_reviews_and_acuerdos_coming_due(client):
    session = filled_session(participants=2, items=1, acuerdos=1)  # due 2025-07-03
    drafter = secretariat_user(session.group)
    minuta_submit(session=session, user=drafter)
    make_session(group=session.group, date=dt.date(2025, 8, 5))
    reviewer = secretariat_user(session.group, username="revisora")
    client.force_login(reviewer)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").context
    assert [g.pk for g in page["groups"]] == [session.group.pk]
    assert [s.number for s in page["upcoming"]] == [2]
    assert page["to_review"] == [session]
    assert [a.text for a in page["coming_due"]] == ["Acuerdo 1"]
    client.force_login(drafter)  # the drafter does not review their own minuta
    assert client.get("/").context["to_review"] == []


def test_it_sends_anonymous_users_to_sign_in(client, db):
    assert client.get("/").status_code == 302


@time_machine.travel("2025-09-01 12:00 -0600", tick=False)
def test_it_filters_the_group_acuerdos_by_status_institution_and_due_date(client):
    session = filled_session(participants=1, items=0, acuerdos=2)
    client.force_login(secretariat_user(session.group))
    url = f"/groups/{session.group.pk}/"
    assert len(client.get(url, {"status": "overdue"}).context["acuerdos"]) == 2
    assert client.get(url, {"status": "fulfilled"}).context["acuerdos"] == []
    first = session.group.member_institutions(on=session.date).first()
    assert len(client.get(url, {"institution": first.pk}).context["acuerdos"]) == 2
    assert client.get(url, {"due_to": "2025-06-04"}).context["acuerdos"] == []
    assert client.get(url, {"due_to": "not a date"}).status_code == 200


@time_machine.travel("2025-09-01 12:00 -0600", tick=False)
def test_it_lists_the_group_acuerdos_before_any_filter(client):
    session = filled_session(participants=1, items=0, acuerdos=2)
    client.force_login(secretariat_user(session.group))
    page = client.get(f"/groups/{session.group.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert [a["text"] for a in page.context["acuerdos"]] == ["Acuerdo 1", "Acuerdo 2"]
    assert "Acuerdo 2" in page.content.decode()


def test_it_plans_the_next_session_with_the_proposed_number(client, db):
    session = make_session()
    client.force_login(secretariat_user(session.group))
    page = client.get(f"/groups/{session.group.pk}/")
    assert page.context["plan_form"]["number"].value() == 2
    reply = client.post(f"/groups/{session.group.pk}/plan/", {
        "plan-type": "SO", "plan-number": "2", "plan-date": "2025-08-05",
        "plan-start_time": "10:00"})
    planned = Session.objects.get(group=session.group, number=2)
    assert reply.url == f"/sessions/{planned.pk}/"
    again = client.post(f"/groups/{session.group.pk}/plan/", {
        "plan-type": "SO", "plan-number": "2", "plan-date": "2025-08-05",
        "plan-start_time": "10:00", "plan-end_time": "09:00"})
    assert again.status_code == 422
    assert set(again.context["plan_form"].errors) == {"end_time"}


def test_it_hides_a_group_from_a_user_outside_it(client, db):
    session = make_session()
    client.force_login(UserFactory())
    assert client.get(f"/groups/{session.group.pk}/").status_code == 404
    assert client.post(f"/groups/{session.group.pk}/plan/", {}).status_code == 404


def test_it_sends_a_password_reset_link_by_email(client, db, mailoutbox):
    UserFactory(username="ana", email="ana@example.org")
    page = client.get("/accounts/password_reset/")
    assert page.status_code == 200 and b'name="email"' in page.content
    client.post("/accounts/password_reset/", {"email": "ana@example.org"})
    assert len(mailoutbox) == 1 and "/accounts/reset/" in mailoutbox[0].body


@time_machine.travel("2025-06-20 12:00 -0600", tick=False)
def test_it_lists_minutas_to_review_for_staff_and_users_without_a_directory_entry(client):
    session = filled_session(participants=2, items=1, acuerdos=1)
    drafter = secretariat_user(session.group)
    drafter.is_staff = True
    drafter.save()
    minuta_submit(session=session, user=drafter)
    # Drafted outside the workspace by a person without an account (e.g. loaded from Word).
    loaded = make_session(group=session.group, number=7)
    minuta_submit_for_review(session=loaded, drafted_by=PersonFactory(user=None))
    staff = UserFactory(username="staff", is_staff=True)
    coordinator = UserFactory(username="coordinadora")
    session.group.coordinators.add(coordinator)
    for user in (staff, coordinator):
        client.force_login(user)
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
        assert page.context["to_review"] == [session, loaded]
        assert 'id="no-sign-off"' in page.content.decode()  # they can return, not approve
    client.force_login(drafter)  # staff, but the drafter: never their own
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["to_review"] == [loaded]
    assert 'id="no-sign-off"' not in page.content.decode()


def test_it_lets_a_reviewer_without_a_directory_entry_return_but_not_approve(client):
    session = filled_session(participants=2, items=1, acuerdos=1)
    minuta_submit(session=session, user=secretariat_user(session.group))
    coordinator = UserFactory(username="coordinadora")
    session.group.coordinators.add(coordinator)
    client.force_login(coordinator)
    page = client.get(f"/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="no-sign-off"' in page and f"/sessions/{session.pk}/approve/" not in page
    assert f"/sessions/{session.pk}/return/" in page
    refused = client.post(f"/sessions/{session.pk}/approve/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 422 and "not linked" in refused.content.decode()
    client.post(f"/sessions/{session.pk}/return/", {"ret-comments": "Falta la hora"})
    session.refresh_from_db()
    assert session.minuta_status == Session.MinutaStatus.DRAFT


@time_machine.travel("2025-09-01 12:00 -0600", tick=False)
def test_it_shows_each_persona_their_next_work_first(client):
    session = filled_session(participants=2, items=1, acuerdos=1)  # 2025-06-03, due 2025-07-03
    secretaria = secretariat_user(session.group)
    # The secretariat: the past session whose minuta is still a draft, though nothing is upcoming.
    client.force_login(secretaria)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["upcoming"] == [] and page.context["drafts"] == [session]
    assert "Minutas to finish" in page.content.decode()
    # The enlace of the responsible institution: the overdue acuerdo first, no review section.
    institution = session.acuerdos.get().responsibilities.get(role="responsable").institution
    enlace = UserFactory(username="enlace")
    PersonFactory(user=enlace, institution=institution, is_enlace=True)
    client.force_login(enlace)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert [p.acuerdo.text for p in page.context["my_parts"]] == ["Acuerdo 1"]
    assert "Overdue 60 days" in html
    assert "Minutas awaiting my review" not in html
    assert html.index("overdue and coming due") < html.index("My groups")
    # The coordinator: the minuta in review, and the group's overdue figure.
    minuta_submit(session=session, user=secretaria)
    coordinador = UserFactory(username="coordinador")
    session.group.coordinators.add(coordinador)
    client.force_login(coordinador)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["to_review"] == [session]
    assert [(r["group"], r["overdue"]) for r in page.context["figures"]] == [(session.group, 1)]
    assert "Minutas to finish" not in page.content.decode()
