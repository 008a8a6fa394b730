"""A realistic session for the workspace tests: participants, agenda, acuerdos."""

import datetime as dt

from meetings.models import Attendance
from meetings.services import agenda_item_add, attendance_add

from .factories import GroupFactory, PersonFactory, UserFactory, make_acuerdo, make_session


def secretariat_user(group, username="secretaria"):
    user = UserFactory(username=username)
    PersonFactory(user=user, institution=group.convening_institution)
    group.secretariat.add(user)
    return user


def filled_session(*, participants=30, items=10, acuerdos=10, group=None, **fields):
    group = group or GroupFactory(members=4)
    institutions = list(group.member_institutions(on=dt.date(2025, 6, 3)))
    fields.setdefault("date", dt.date(2025, 6, 3))
    session = make_session(group=group, start_time=dt.time(9, 0), end_time=dt.time(20, 0), **fields)
    people = [attendance_add(session=session, person=PersonFactory(
        institution=institutions[n % len(institutions)])) for n in range(participants)]
    for n in range(items):
        agenda_item_add(
            session=session, start_time=dt.time(9 + n // 2, (n % 2) * 30),
            end_time=dt.time(9 + n // 2, (n % 2) * 30 + 20), activity=f"Punto {n + 1}",
            narrative="Se comentó el avance.", presenters=[people[n % len(people)], "Invitada"]
            if people else ["Invitada"])
    for n in range(acuerdos):
        make_acuerdo(session, text=f"Acuerdo {n + 1}", due_date=fields["date"] + dt.timedelta(days=30),
                     coadyuvantes=institutions[1:2], responsables=institutions[:1])
    Attendance.objects.filter(pk__in=[a.pk for a in people[:2]]).update(present=False)
    return session
