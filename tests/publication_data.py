"""Sessions in every publication situation, for the publication tests. Each situation's strings
carry its name, so a test can look for any of them on any public page."""

import datetime as dt

from meetings.services import agenda_item_add, minuta_approve, minuta_submit_for_review
from publication.models import AcuerdoPublication, GroupPublication, ReservedParagraph, \
    ReservedPhoto, SessionPublication

from .factories import GroupFactory, PersonFactory, make_acuerdo, make_session, mark_held
from .minuta_helpers import add_photo

BASIS = "el artículo 113, fracción I, de la LGTAIP"
FUTURE, PAST = dt.date(2030, 1, 1), dt.date(2025, 1, 1)

# situation -> is the session public at all?
SITUATIONS = {
    "draft": False, "review": False, "notpublishing": False, "sessionreserved": False,
    "sessionconfidential": False, "published": True, "expired": True,
}


def _session(name, group, number, extra=0):
    session = make_session(group=group, number=number, title=f"Sesión TITULO{name}",
                           meeting_id=f"MID{name}", passcode=f"PASS{name}",
                           video_url=f"https://zoom.example/{name}")
    mark_held(session)
    item = agenda_item_add(session=session, start_time=dt.time(12, 0), end_time=dt.time(12, 30),
                           activity=f"Punto {name}",
                           narrative=f"Visible{name} abierto.\n\nRESERVADOP{name} oculto.")
    acuerdos = [make_acuerdo(session, text=f"Acuerdo abierto{name}"),
                make_acuerdo(session, text=f"RESERVADOA{name} texto"),
                make_acuerdo(session, text=f"CONFIDENCIALA{name} texto")]
    for n in range(extra):
        make_acuerdo(session, text=f"Acuerdo adicional {n}{name}")
    photo = add_photo(session, caption=f"RESERVADOF{name}")
    return session, item, acuerdos, photo


def build_world(*, extra: int = 0) -> dict:
    """{situation: session}; the group GTPUB publishes, GTNOPUB does not. `extra` more acuerdos
    in every session."""
    publishing = GroupFactory(acronym="GTPUB", members=2)
    GroupPublication.objects.create(group=publishing, publishes=True)
    silent = GroupFactory(acronym="GTNOPUB", members=2)
    GroupPublication.objects.create(group=silent, publishes=False)
    drafter, approver = PersonFactory(), PersonFactory()
    world = {}
    for number, name in enumerate(SITUATIONS, start=1):
        group = silent if name == "notpublishing" else publishing
        session, item, acuerdos, photo = _session(name, group, number, extra)
        if name != "draft":
            minuta_submit_for_review(session=session, drafted_by=drafter)
        if name not in ("draft", "review"):
            minuta_approve(session=session, approved_by=approver)
        until = PAST if name == "expired" else FUTURE
        if name == "sessionreserved":
            SessionPublication.objects.create(session=session, status="reserved",
                                              legal_basis=BASIS, reserved_until=FUTURE)
        if name == "sessionconfidential":
            SessionPublication.objects.create(session=session, status="confidential")
        if name == "expired":
            SessionPublication.objects.create(session=session, status="reserved",
                                              legal_basis=BASIS, reserved_until=PAST)
        ReservedParagraph.objects.create(item=item, index=1, status="reserved",
                                         legal_basis=BASIS, reserved_until=until)
        AcuerdoPublication.objects.create(acuerdo=acuerdos[1], status="reserved",
                                          legal_basis=BASIS, reserved_until=until)
        # Confidential never ends; in "expired" it stays hidden too.
        AcuerdoPublication.objects.create(acuerdo=acuerdos[2], status="confidential")
        ReservedPhoto.objects.create(photo=photo, status="reserved", legal_basis=BASIS,
                                     reserved_until=until)
        session.refresh_from_db()
        world[name] = session
    return world
