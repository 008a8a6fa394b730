"""A realistic national data set for benchmarks (`manage.py generate_load_data --scale N`).

At scale 1: 400 institutions, 200 groups, 20,000 sessions over 5 years, 150,000 acuerdos and about
300,000 responsibilities. Institutions are not equally busy (a few federal ones answer for
thousands of acuerdos); old acuerdos are mostly fulfilled, recent ones pending or in progress, some
overdue, a few cancelled. Everything is written with bulk_create; deterministic for a seed."""

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from agreements.models import Acuerdo, AcuerdoEvent, Responsibility
from directory.models import Institution, Person
from meetings.models import Membership, Session, WorkingGroup

from .loadgen_informe import InformeData

PREFIX = "LOAD"
PASSWORD = "acuerdos-demo"
YEARS = 5
BATCH = 5000


class LoadDataExists(Exception):
    pass


class LoadGenerator:
    def __init__(self, *, scale: float, seed: int = 2025, log=print):
        self.scale = scale
        self.rng = random.Random(seed)
        self.log = log
        self.today = timezone.localdate()
        self.informe = InformeData(seed=seed, prefix=PREFIX, batch=BATCH)

    def n(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.scale))

    def _step(self, label, started):
        self.log(f"  {label} ({time.monotonic() - started:.1f}s)")

    @transaction.atomic
    def run(self) -> dict:
        if Institution.objects.filter(acronym__startswith=f"{PREFIX}-").exists():
            raise LoadDataExists("load data already present: use a fresh database")
        started = time.monotonic()
        institutions = self._institutions()
        self._step(f"{len(institutions)} institutions", started)
        groups = self._groups(institutions)
        self._step(f"{len(groups)} groups", started)
        self.informe.family(groups)
        self.informe.venues()
        sessions = self._sessions(groups)
        self._step(f"{len(sessions)} sessions", started)
        attendances = self.informe.attendance(sessions, institutions)
        self._step(f"{attendances} attendances in the family of {groups[0].acronym}", started)
        acuerdos, parts = self._acuerdos(sessions)
        self._step(f"{acuerdos} acuerdos, {parts} responsibilities", started)
        users = self._users(groups)
        self._step(f"users {', '.join(users)}", started)
        return {"institutions": len(institutions), "groups": len(groups),
                "sessions": len(sessions), "acuerdos": acuerdos, "responsibilities": parts,
                "users": users}

    def _institutions(self):
        kinds = [Institution.Kind.FEDERAL] * 6 + [Institution.Kind.STATE] * 3 + [
            Institution.Kind.INTERNATIONAL, Institution.Kind.CIVIL_SOCIETY]
        count = self.n(400, minimum=12)
        objs = Institution.objects.bulk_create(
            Institution(acronym=f"{PREFIX}-{i:04d}", name=f"Institución de carga {i:04d}",
                        kind=self.rng.choice(kinds))
            for i in range(1, count + 1)
        )
        # Zipf-like weights: institution 1 is the busiest.
        self.weights = [1 / (rank ** 0.9) for rank in range(1, count + 1)]
        return objs

    def _groups(self, institutions):
        count = self.n(200)
        groups = WorkingGroup.objects.bulk_create(
            WorkingGroup(acronym=f"{PREFIX}-GT{i:04d}", name=f"Grupo de trabajo de carga {i:04d}",
                         convening_institution=self.rng.choice(institutions[:20]),
                         created_on=self.today - dt.timedelta(days=YEARS * 366))
            for i in range(1, count + 1)
        )
        joined = self.today - dt.timedelta(days=YEARS * 366)
        memberships = []
        self.members = {}
        for group in groups:
            size = min(len(institutions), self.rng.randint(8, 25))
            chosen = set()
            while len(chosen) < size:
                chosen.add(self.rng.choices(range(len(institutions)), weights=self.weights)[0])
            self.members[group.pk] = [institutions[i] for i in sorted(chosen)]
            memberships += [Membership(group=group, institution=i, joined_on=joined)
                            for i in self.members[group.pk]]
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        return groups

    def _sessions(self, groups):
        per_group = max(1, self.n(20_000) // len(groups))
        start = self.today - dt.timedelta(days=YEARS * 365)
        span = YEARS * 365 + 60  # the last sessions are still to come (planned)
        rows = []
        for group in groups:
            numbers = {"SO": 0, "SE": 0}
            for k in range(per_group):
                kind = "SE" if self.rng.random() < 0.05 else "SO"
                numbers[kind] += 1
                date = start + dt.timedelta(days=int(span * (k + self.rng.random()) / per_group))
                held = date <= self.today
                rows.append(Session(
                    group=group, number=numbers[kind], type=kind,
                    title=f"{numbers[kind]}ª sesión {'ordinaria' if kind == 'SO' else 'extraordinaria'}",
                    date=date, start_time=dt.time(10, 0), end_time=dt.time(12, 0),
                    modality=self.rng.choice(list(Session.Modality.values)),
                    status=Session.Status.HELD if held else Session.Status.PLANNED,
                    minuta_status=Session.MinutaStatus.DRAFT,
                ))
                self.informe.decorate(rows[-1])
        return Session.objects.bulk_create(rows, batch_size=BATCH)

    def _due_date(self, session_date):
        if self.rng.random() < 0.05:
            return None
        return session_date + dt.timedelta(days=self.rng.choice([7, 14, 30, 30, 45, 60, 90, 120]))

    def _part_status(self, due, session_date):
        """Old acuerdos are mostly fulfilled; recent ones mostly open."""
        age = (self.today - session_date).days
        p_done = 0.93 if age > 365 else 0.75 if age > 180 else 0.45 if age > 60 else 0.15
        r = self.rng.random()
        if r < p_done:
            return Responsibility.Status.FULFILLED
        if r < p_done + (1 - p_done) / 2:
            return Responsibility.Status.IN_PROGRESS
        return Responsibility.Status.PENDING

    def _acuerdos(self, sessions):
        held = [s for s in sessions if s.date <= self.today]
        target = self.n(150_000)
        per_session = target / max(1, len(held))
        now = timezone.now()
        total_acuerdos = total_parts = 0
        chunk = []

        def flush():
            nonlocal total_acuerdos, total_parts
            objs = Acuerdo.objects.bulk_create([a for a, _ in chunk], batch_size=BATCH)
            parts, events = [], []
            for acuerdo, plan in zip(objs, (p for _, p in chunk)):
                for institution, role, status in plan:
                    parts.append(Responsibility(acuerdo=acuerdo, institution=institution,
                                                role=role, status=status,
                                                due_date=acuerdo.due_date,
                                                acuerdo_group_id=acuerdo.group_id))
                events.append(AcuerdoEvent(acuerdo=acuerdo, kind=AcuerdoEvent.Kind.CREATED,
                                           at=acuerdo.created_at, new_value=acuerdo.text))
            Responsibility.objects.bulk_create(parts, batch_size=BATCH)
            AcuerdoEvent.objects.bulk_create(events, batch_size=BATCH)
            total_acuerdos += len(objs)
            total_parts += len(parts)
            chunk.clear()

        carry = 0.0
        for session in held:
            carry += per_session
            count, carry = int(carry), carry - int(carry)
            members = self.members[session.group_id]
            weights = [self.weights[int(i.acronym[-4:]) - 1] for i in members]
            for seq in range(1, count + 1):
                due = self._due_date(session.date)
                all_institutions = self.rng.random() < 0.03
                if all_institutions:
                    responsables = list(members)
                else:
                    k = min(len(members), self.rng.choices([1, 2, 3], weights=[66, 25, 9])[0])
                    responsables = set()
                    while len(responsables) < k:
                        responsables.add(self.rng.choices(members, weights=weights)[0])
                plan = [(i, Responsibility.Role.RESPONSABLE, self._part_status(due, session.date))
                        for i in responsables]
                others = [i for i in members if i not in responsables]
                if others and self.rng.random() < 0.2:
                    plan.append((self.rng.choice(others), Responsibility.Role.COADYUVANTE,
                                 self._part_status(due, session.date)))
                created = timezone.make_aware(dt.datetime.combine(session.date, dt.time(12, 0)))
                chunk.append((Acuerdo(
                    group_id=session.group_id, session=session, sequence=seq,
                    number=f"{session.number}/{session.type}-{seq}",
                    text=f"Las instituciones responsables darán seguimiento al acuerdo {seq} de la "
                         f"sesión {session.number}/{session.type}.",
                    due_date=due, all_institutions=all_institutions,
                    cancelled_at=now if self.rng.random() < 0.02 else None,
                    created_at=created,
                    # What agreements.services.acuerdo_create writes for these parts.
                    has_responsable=bool(responsables),
                ), plan))
                if len(chunk) >= BATCH:
                    flush()
        if chunk:
            flush()
        return total_acuerdos, total_parts

    def _users(self, groups):
        """load.admin (staff), load.coordinador (coordinates 10 groups), load.secretaria
        (secretariat of the first group) and load.enlace (enlace of the institution whose
        acuerdo count is closest to 3,000 × scale)."""
        User = get_user_model()
        admin = User.objects.create_user("load.admin", password=PASSWORD, is_staff=True)
        coordinator = User.objects.create_user("load.coordinador", password=PASSWORD)
        secretary = User.objects.create_user("load.secretaria", password=PASSWORD)
        for group in groups[:10]:
            group.coordinators.add(coordinator)
        groups[0].secretariat.add(secretary)
        # The Informe bench: a coordinator of the body and the 20 groups under it.
        informe = User.objects.create_user("load.gabinete", password=PASSWORD)
        for group in groups[:21]:
            group.coordinators.add(informe)
        enlace = User.objects.create_user("load.enlace", password=PASSWORD)
        from django.db.models import Count

        counts = (
            Responsibility.objects.filter(institution__acronym__startswith=f"{PREFIX}-")
            .values("institution").annotate(n=Count("acuerdo", distinct=True))
        )
        target = 3000 * self.scale
        best = min(counts, key=lambda row: abs(row["n"] - target))
        self.enlace_institution = Institution.objects.get(pk=best["institution"])
        Person.objects.create(name="Enlace de carga", institution=self.enlace_institution,
                              is_enlace=True, user=enlace)
        return [admin.username, coordinator.username, secretary.username, enlace.username,
                informe.username]
