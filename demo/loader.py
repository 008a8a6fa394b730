"""Loads the demo: the reference GTTIM minuta and a second group. Running it twice changes nothing:
everything is looked up by its natural key first, and a session's content is written only when the
session is created."""

import datetime as dt
import re
import unicodedata
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from agreements.models import Acuerdo, Responsibility
from agreements.services import acuerdo_create, responsibility_change_status
from directory.models import Institution, Person
from meetings.models import Membership, Session, SessionPhoto, Theme, Venue, WorkingGroup
from meetings.places import Category
from meetings.services import (
    agenda_item_add,
    attendance_add,
    minuta_approve,
    minuta_submit_for_review,
    session_plan,
)

from . import gabinete, gttim, mesa
from . import workplan as demo_plan
from . import photos as demo_photos

DEMO_PASSWORD = "acuerdos-demo"
NARRATIVE_DIR = Path(__file__).parent / "narrative"

# username → (person, groups as secretariat, groups as coordinator, staff)
USERS = {
    "admin": (None, [], [], True),
    "secretaria": (gttim.DRAFTED_BY, ["GTTIM"], [], False),
    "coordinador": (gttim.APPROVED_BY, [], ["GTTIM", "MJ-MIGRACION"], False),
    "enlace.upmrip": (gttim.ENLACES["UPMRIP"], [], [], False),
    "enlace.fgr": (gttim.ENLACES["FGR"], [], [], False),
    "secretaria.mj": (mesa.DRAFTED_BY, ["MJ-MIGRACION"], [], False),
    # The Informe of the Gabinete's family (demo/gabinete.py): follows the body and its Mesas.
    "coordinador.gabinete": (None, [], ["GABSEG", "MJ-MIGRACION", "MJ-TALA", "MJ-TRATA",
                                        "MJ-HIDROCARBUROS"], False),
}


DISPLAY_NAMES = {"admin": "Administración", "coordinador.gabinete": "Coordinación del Gabinete"}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", ".", ascii_text.lower()).strip(".")


def _email(name: str, acronym: str) -> str:
    words = [w for w in name.split() if w != "Inspector"]
    return f"{_slug(words[0])}.{_slug(words[-2] if len(words) > 2 else words[-1])}@" \
           f"{_slug(acronym).replace('.', '')}.demo.example"


class Loader:
    def __init__(self, log=print):
        self.log = log
        self.created = 0

    def _note(self, obj, created: bool):
        if created:
            self.created += 1
        return obj

    @transaction.atomic
    def run(self) -> int:
        self.institutions = {}
        for acronym, name, kind in gttim.INSTITUTIONS:
            obj, created = Institution.objects.get_or_create(
                acronym=acronym, defaults={"name": name, "kind": kind}
            )
            self.institutions[acronym] = self._note(obj, created)

        self.people = {}
        for name, cargo, acronym in gttim.PARTICIPANTS:
            obj, created = Person.objects.get_or_create(
                name=name,
                institution=self.institutions[acronym],
                defaults={
                    "cargo": cargo,
                    "email": _email(name, acronym),
                    "is_enlace": gttim.ENLACES.get(acronym) == name,
                },
            )
            self.people[name] = self._note(obj, created)

        self._load_gttim()
        self._load_mesa()
        self._load_gabinete()
        self._load_users()
        self._load_plan()
        return self.created

    def _group(self, data: dict, parent: dict | None, members: list[str], joined: dt.date):
        parent_obj = None
        if parent:
            parent_obj, created = WorkingGroup.objects.get_or_create(
                acronym=parent["acronym"],
                defaults={"name": parent["name"], "created_on": parent["created_on"]},
            )
            self._note(parent_obj, created)
        defaults = {k: v for k, v in data.items() if k not in ("acronym", "convening_institution")}
        convening = self.institutions[data.get("convening_institution", "UPMRIP")]
        group, created = WorkingGroup.objects.get_or_create(
            acronym=data["acronym"],
            defaults={**defaults, "parent": parent_obj, "convening_institution": convening},
        )
        self._note(group, created)
        for acronym in members:
            _m, created = Membership.objects.get_or_create(
                group=group, institution=self.institutions[acronym], defaults={"joined_on": joined}
            )
            self._note(_m, created)
        return group

    def _load_gttim(self):
        group = self._group(
            gttim.GROUP, gttim.PARENT, [i[0] for i in gttim.INSTITUTIONS], gttim.GROUP["created_on"]
        )
        data = dict(gttim.SESSION)
        if not group.sessions.filter(type=data["type"], number=data["number"]).exists():
            self.created += 1
            session = session_plan(group=group, **data)
            attendance = {
                name: attendance_add(session=session, person=self.people[name])
                for name, _cargo, _inst in gttim.PARTICIPANTS
            }
            for start, end, activity, presenters, narrative in gttim.AGENDA:
                agenda_item_add(
                    session=session,
                    start_time=dt.time.fromisoformat(start),
                    end_time=dt.time.fromisoformat(end),
                    activity=activity,
                    narrative=(NARRATIVE_DIR / narrative).read_text().strip() if narrative else "",
                    presenters=[(attendance[name], text) for name, text in presenters],
                )
            for sequence, (text, responsables, due, fulfilled) in enumerate(gttim.ACUERDOS, 1):
                informational = sequence in gttim.INFORMATIONAL
                # Informational parts keep the reference's "cumplido" (the acuerdo is fulfilled
                # by its kind anyway), so the demo's per-part figures read as before.
                self._acuerdo(session, text, responsables, [], due, fulfilled, [],
                              kind=Acuerdo.Kind.INFORMATIONAL if informational
                              else Acuerdo.Kind.COMMITMENT)
            self._approve(session, gttim.DRAFTED_BY, gttim.APPROVED_BY, gttim.APPROVED_AT)
        self._photos(group.sessions.get(type=data["type"], number=data["number"]))

        for number, date in gttim.PLANNED:
            self._planned(group, number, date, gttim.SESSION)

    def _load_mesa(self):
        group = self._group(mesa.GROUP, mesa.PARENT, mesa.MEMBERS, mesa.GROUP["created_on"])
        for number, type_, date, place, state, minuta, acuerdos in mesa.SESSIONS:
            if group.sessions.filter(type=type_, number=number).exists():
                continue
            self.created += 1
            session = session_plan(
                group=group,
                number=number,
                type=type_,
                date=date,
                start_time=dt.time(10, 0),
                end_time=dt.time(12, 0),
                modality=Session.Modality.IN_PERSON,
                place=place,
                state=state,
                venue=Venue.objects.get_or_create(name=place, state=state, country="MX")[0],
                objective="Dar seguimiento a la judicialización de casos de tráfico ilícito de "
                "migrantes y a los acuerdos de la Mesa.",
                status=Session.Status.HELD,
            )
            for name in mesa.PARTICIPANTS:
                attendance_add(session=session, person=self.people[name])
            agenda_item_add(
                session=session,
                start_time=dt.time(10, 0),
                end_time=dt.time(11, 30),
                activity="Seguimiento de acuerdos y casos prioritarios",
            )
            for text, resp, coad, due, fulfilled, in_progress in acuerdos:
                self._acuerdo(session, text, resp, coad, due, fulfilled, in_progress)
            if minuta == "approved":
                self._approve(session, mesa.DRAFTED_BY, mesa.APPROVED_BY,
                              dt.datetime.combine(date + dt.timedelta(days=5), dt.time(9, 0)))
            else:
                minuta_submit_for_review(session=session, drafted_by=self.people[mesa.DRAFTED_BY])
        for number, date in mesa.PLANNED:
            self._planned(group, number, date, {"start_time": dt.time(10, 0),
                                                "modality": Session.Modality.IN_PERSON})

    def _load_gabinete(self):
        """The Gabinete's family for the Informe: themes, venues, sibling Mesas, governors."""
        body = WorkingGroup.objects.get(acronym=gabinete.GABINETE)
        themes = {}
        for slug, name in gabinete.THEMES:
            theme, created = Theme.objects.get_or_create(owner=body, slug=slug,
                                                         defaults={"name": name})
            themes[slug] = self._note(theme, created)
        WorkingGroup.objects.get(acronym=mesa.GROUP["acronym"]).themes.add(themes["migracion"])
        venues = {}
        for key, (name, state) in gabinete.VENUES.items():
            venue, created = Venue.objects.get_or_create(name=name, state=state, country="MX")
            venues[key] = self._note(venue, created)
        governors = {}
        for state, (acronym, inst_name, name, sex) in gabinete.GOVERNORS.items():
            inst, created = Institution.objects.get_or_create(
                acronym=acronym, defaults={"name": inst_name, "kind": Institution.Kind.STATE})
            self._note(inst, created)
            person, created = Person.objects.get_or_create(
                name=name, institution=inst,
                defaults={"cargo": "Titular del Poder Ejecutivo del Estado", "sex": sex})
            governors[state] = self._note(person, created)
        groups = {gabinete.GABINETE: body}
        for acronym, name, theme, created_on in gabinete.MESAS:
            group = self._group({"acronym": acronym, "name": name, "created_on": created_on,
                                 "convening_institution": "SSPC"},
                                mesa.PARENT, gabinete.MEMBERS, created_on)
            group.themes.add(themes[theme])
            groups[acronym] = group
        titular = self.people[mesa.APPROVED_BY]
        for acronym, sessions in gabinete.SESSIONS.items():
            group = groups[acronym]
            for date, venue, scope, states, acuerdos in sessions:
                if group.sessions.filter(date=date).exists():
                    continue
                self.created += 1
                session = session_plan(
                    group=group, date=date, start_time=dt.time(7, 0), end_time=dt.time(9, 0),
                    modality=Session.Modality.IN_PERSON, venue=venues[venue],
                    place=venues[venue].name, state=venues[venue].state, scope=scope,
                    status=Session.Status.HELD)
                attendance_add(session=session, person=titular, category=Category.TITULAR)
                for state in states:
                    attendance_add(session=session, person=governors[state],
                                   category=Category.GOVERNOR, state=state)
                for responsable, fulfilled in acuerdos:
                    self._acuerdo(session, "Dar seguimiento a los operativos y carpetas de la "
                                  "sesión.", [responsable], [], date + dt.timedelta(days=30),
                                  [responsable] if fulfilled else [], [])

    def _acuerdo(self, session, text, responsables, coadyuvantes, due, fulfilled, in_progress,
                 kind=Acuerdo.Kind.COMMITMENT):
        everyone = responsables == gttim.ALL
        acuerdo = acuerdo_create(
            kind=kind,
            session=session,
            text=text,
            due_date=due,
            all_institutions=everyone,
            responsables=[] if everyone else [self.institutions[a] for a in responsables],
            coadyuvantes=[self.institutions[a] for a in coadyuvantes],
        )
        for part in acuerdo.responsibilities.select_related("institution"):
            acronym = part.institution.acronym
            if part.role == Responsibility.Role.RESPONSABLE and (
                fulfilled == gttim.ALL or acronym in fulfilled
            ):
                status = Responsibility.Status.FULFILLED
            elif acronym in in_progress:
                status = Responsibility.Status.IN_PROGRESS
            else:
                continue
            responsibility_change_status(
                responsibility=part, status=status, note="Datos de demostración"
            )

    def _photos(self, session):
        """The 5th session's two drawn screenshots. Added when missing (also to a demo loaded
        before they existed); the file is written once under a fixed name and then reused."""
        title = "5ta Reunión GTTIM · Zoom"
        for order, (filename, caption, kind) in enumerate(gttim.PHOTOS, start=1):
            if session.photos.filter(caption=caption).exists():
                continue
            name = f"photos/demo/{filename}"
            if not default_storage.exists(name):
                if kind == "gallery":
                    people = [(n, inst) for n, _cargo, inst in gttim.PARTICIPANTS]
                    data = demo_photos.gallery(people, title)
                else:
                    heading, lines, presenter = gttim.SLIDE
                    data = demo_photos.shared_slide(heading, lines, presenter, title)
                name = default_storage.save(name, ContentFile(data))
            SessionPhoto.objects.create(session=session, image=name, caption=caption, order=order)
            self.created += 1

    def _approve(self, session, drafted_by, approved_by, at):
        minuta_submit_for_review(session=session, drafted_by=self.people[drafted_by])
        minuta_approve(session=session, approved_by=self.people[approved_by],
                       at=timezone.make_aware(at))

    def _planned(self, group, number, date, template):
        if group.sessions.filter(type=Session.Type.ORDINARIA, number=number).exists():
            return
        self.created += 1
        session_plan(
            group=group,
            number=number,
            date=date,
            start_time=template["start_time"],
            modality=template["modality"],
            objective=template.get("objective", ""),
        )

    def _load_users(self):
        User = get_user_model()
        groups = {g.acronym: g for g in WorkingGroup.objects.all()}
        for username, (person_name, secretariat, coordinates, staff) in USERS.items():
            person = self.people.get(person_name)
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": staff,
                    "is_superuser": staff,
                    "email": person.email if person else f"{username}@demo.example",
                    "first_name": person.name if person else DISPLAY_NAMES[username],
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                self.created += 1
            if person and person.user_id is None:
                person.user = user
                person.save(update_fields=["user"])
            for acronym in secretariat:
                groups[acronym].secretariat.add(user)
            for acronym in coordinates:
                groups[acronym].coordinators.add(user)

    def _load_plan(self):
        """The GTTIM 2025 work plan (demo/workplan.py), once: in consultation, calendar approved."""
        from workplan import services as plan_services
        from workplan.models import Plan, Proposal

        group = WorkingGroup.objects.get(acronym=gttim.GROUP["acronym"])
        if Plan.objects.filter(group=group, year=demo_plan.YEAR).exists():
            return
        User = get_user_model()
        secretaria = User.objects.get(username="secretaria")
        users = {p.institution.acronym: p.user for p in Person.objects.filter(
            is_enlace=True, user__isnull=False).select_related("institution", "user")}
        plan = plan_services.plan_create(group=group, year=demo_plan.YEAR, title=demo_plan.TITLE,
                                         description=demo_plan.DESCRIPTION, actor=secretaria)
        actividades = {}
        for e, (title, items) in enumerate(demo_plan.EJES, start=1):
            eje = plan_services.eje_add(plan=plan, title=title, actor=secretaria)
            for n, (text, entregable, end, states) in enumerate(items, start=1):
                parts = demo_plan.PARTS.get((e, n), [])
                actividades[e, n] = plan_services.actividad_add(
                    eje=eje, description=text, entregable=entregable,
                    start_date=dt.date(2025, 6, 12), end_date=end, states=states,
                    responsables=[self.institutions[a] for a, r in parts if r == "responsable"],
                    coadyuvantes=[self.institutions[a] for a, r in parts if r == "coadyuvante"],
                    actor=secretaria)
        for number, date in demo_plan.CALENDAR:
            plan_services.planned_session_add(plan=plan, ordinal=number, date=date,
                                              start_time=gttim.SESSION["start_time"],
                                              modality=gttim.SESSION["modality"], actor=secretaria)
        session = group.sessions.get(type=Session.Type.ORDINARIA, number=gttim.SESSION["number"])
        acuerdos = {a.sequence: a for a in session.acuerdos.all()}
        plan_services.plan_submit_for_consultation(plan=plan, until=demo_plan.CONSULTATION_UNTIL,
                                                   actor=secretaria)
        for sequence in demo_plan.PLAN_ACUERDOS:
            plan_services.plan_link_acuerdo(plan=plan, acuerdo=acuerdos[sequence], actor=secretaria)
        plan_services.plan_approve_calendar(plan=plan, acuerdo=acuerdos[demo_plan.CALENDAR_ACUERDO],
                                            actor=secretaria)
        for e, n, acronym, role, comment, decision in demo_plan.PROPOSALS:
            proposal = plan_services.proposal_create(
                actividad=actividades[e, n], institution=self.institutions[acronym], role=role,
                comment=comment, actor=users.get(acronym))
            if decision == Proposal.Status.ACCEPTED:
                plan_services.proposal_accept(proposal=proposal, actor=secretaria)
            elif decision == Proposal.Status.DECLINED:
                plan_services.proposal_decline(proposal=proposal, actor=secretaria,
                                               note="Datos de demostración")
        self.created += 1
