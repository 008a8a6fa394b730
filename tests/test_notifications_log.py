"""The notification log page: the group's secretariat and staff; failures first."""

import pytest
from django.utils import timezone

from notifications.models import Notification

from .factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def _row(group, email, status, **kw):
    return Notification.objects.create(
        kind="reminder", recipient_email=email, object_key="responsibility:1", step=email,
        group=group, reason=f"porque {email}", subject=f"Asunto {email}", body_text="x",
        status=status, sent_at=timezone.now() if status == "sent" else None, **kw)


def test_it_shows_failures_first_to_the_secretariat_and_hides_other_groups(client):
    mine, other = GroupFactory(), GroupFactory()
    secretary = UserFactory()
    mine.secretariat.add(secretary)
    _row(mine, "ok@example.org", "sent")
    _row(mine, "bad@example.org", "failed", attempts=5, last_error="SMTPDataError: 554")
    _row(other, "secret@example.org", "sent")
    client.force_login(secretary)
    html = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.index("bad@example.org") < html.index("ok@example.org")
    assert "SMTPDataError: 554" in html and "porque ok@example.org" in html
    assert "secret@example.org" not in html
    assert client.get(f"/notifications/?group={other.pk}").status_code == 404
    assert client.get(f"/notifications/?group={mine.pk}").status_code == 200


def test_enlaces_and_anonymous_cannot_read_it_but_staff_reads_everything(client):
    group = GroupFactory()
    _row(group, "x@example.org", "sent")
    assert client.get("/notifications/").status_code == 302  # to the sign-in page
    client.force_login(UserFactory())
    assert client.get("/notifications/").status_code == 404
    client.force_login(UserFactory(is_staff=True))
    assert b"x@example.org" in client.get("/notifications/").content
