"""manage.py generate_load_data at a small scale."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from agreements.models import Acuerdo, Responsibility
from directory.models import Institution
from meetings.models import Session, WorkingGroup

pytestmark = pytest.mark.django_db


def test_it_generates_a_scaled_national_data_set():
    call_command("generate_load_data", scale=0.01, stdout=open("/dev/null", "w"))
    assert WorkingGroup.objects.count() == 2
    assert Session.objects.count() == 200
    acuerdos = Acuerdo.objects.count()
    assert 1400 <= acuerdos <= 1500
    parts = Responsibility.objects.count()
    assert 1.6 * acuerdos <= parts <= 2.6 * acuerdos
    assert Institution.objects.count() == 12
    dates = Session.objects.order_by("date").values_list("date", flat=True)
    assert (timezone.localdate() - dates.first()).days >= 4 * 365
    today = timezone.localdate()
    by_status = dict(
        Acuerdo.objects.with_status(today).values("status_value").annotate(n=Count("id"))
        .values_list("status_value", "n")
    )
    # A realistic spread: mostly fulfilled, some overdue, pending and cancelled.
    assert by_status["fulfilled"] > acuerdos / 2
    for status in ("overdue", "pending", "in_progress", "cancelled"):
        assert by_status.get(status, 0) > 0, status
    # Numbers follow the default pattern and are unique per group (the constraint holds).
    assert Acuerdo.objects.filter(number__regex=r"^\d+/S[OE]-\d+$").count() == acuerdos
    assert Acuerdo.objects.filter(due_date__gt=today + dt.timedelta(days=200)).count() == 0


def test_it_refuses_to_run_twice():
    call_command("generate_load_data", scale=0.005, stdout=open("/dev/null", "w"))
    with pytest.raises(CommandError):
        call_command("generate_load_data", scale=0.005, stdout=open("/dev/null", "w"))


def test_it_refuses_a_scale_of_zero():
    with pytest.raises(CommandError):
        call_command("generate_load_data", scale=0)


def test_it_adds_a_family_with_venues_themes_and_attendance_categories():
    from meetings.models import Attendance, Theme

    call_command("generate_load_data", scale=0.05, stdout=open("/dev/null", "w"))
    body = WorkingGroup.objects.order_by("acronym").first()
    assert body.subgroups.count() == 9  # scale 0.05: 10 groups, all but the body under it
    assert Theme.objects.filter(owner=body).count() == 5
    assert WorkingGroup.themes.through.objects.filter(workinggroup__parent=body).count() == 9
    in_person = Session.objects.exclude(modality="virtual")
    assert in_person.filter(venue__isnull=True).count() == 0
    assert Session.objects.filter(venue__name__endswith="Palacio Nacional").count() > 100
    assert set(Session.objects.values_list("scope", flat=True)) >= {"national", "regional"}
    assert Attendance.objects.filter(category="governor").exclude(state="").exists()
    assert Attendance.objects.filter(category="titular").count() > 1000
