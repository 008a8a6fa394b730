"""What the Informe counts, added to the load data (api/loadgen.py): a body with 20 groups under
it (the first generated group and the next 20), themes owned by the body, venues (Palacio
Nacional, one per state, one abroad), session scopes, and attendance with categories, states
and sex for the family's held sessions. Its own random stream, so that the rest of the load data
stays what it was for a seed."""

import random

from directory.models import Person
from meetings.models import Attendance, Session, Theme, Venue, WorkingGroup
from meetings.places import Category, Country, Scope
from meetings.states import State

FAMILY = 20
THEMES = ["tala ilegal", "trata de personas", "migración", "hidrocarburos", "armas"]
SCOPES = [Scope.NATIONAL] * 80 + [Scope.REGIONAL] * 15 + [Scope.BILATERAL] * 3 + \
    [Scope.INTERNATIONAL] * 2


class InformeData:
    def __init__(self, *, seed: int, prefix: str, batch: int):
        self.rng = random.Random(seed + 12)
        self.prefix = prefix
        self.batch = batch

    def family(self, groups):
        """groups[0] is the body; the next FAMILY groups are under it, each with a theme."""
        body, members = groups[0], groups[1:FAMILY + 1]
        WorkingGroup.objects.filter(pk__in=[g.pk for g in members]).update(parent=body)
        themes = Theme.objects.bulk_create(
            Theme(owner=body, name=name, slug=f"t{i}") for i, name in enumerate(THEMES))
        WorkingGroup.themes.through.objects.bulk_create(
            WorkingGroup.themes.through(workinggroup_id=g.pk, theme_id=themes[i % len(themes)].pk)
            for i, g in enumerate(members))
        self.family_ids = {body.pk} | {g.pk for g in members}
        return body, members

    def venues(self):
        palacio = Venue.objects.create(name=f"{self.prefix} Palacio Nacional", state=State.CDMX)
        states = Venue.objects.bulk_create(
            Venue(name=f"{self.prefix} Palacio de Gobierno de {label}", state=code)
            for code, label in State.choices)
        abroad = Venue.objects.create(name=f"{self.prefix} Embajada en Washington",
                                      country=Country.US)
        self.palacio, self.state_venues, self.abroad = palacio, states, abroad

    def decorate(self, session: Session) -> None:
        """Venue and scope of an unsaved session (in person or hybrid ones have a venue)."""
        session.scope = self.rng.choice(SCOPES)
        if session.modality == Session.Modality.VIRTUAL:
            return
        r = self.rng.random()
        if session.scope in (Scope.BILATERAL, Scope.INTERNATIONAL) and r < 0.5:
            session.venue, session.country = self.abroad, Country.US
        elif r < 0.7:
            session.venue = self.palacio
        else:
            session.venue = self.rng.choice(self.state_venues)

    def attendance(self, sessions, institutions) -> int:
        """6–10 titulares per held session of the family, and governors at some (15%)."""
        sexes = ["female", "male", "male", "female", "unspecified"]
        titulars = Person.objects.bulk_create(
            Person(name=f"Titular de carga {i:03d}", institution=self.rng.choice(institutions),
                   sex=self.rng.choice(sexes)) for i in range(200))
        governors = Person.objects.bulk_create(
            Person(name=f"Gobernador(a) de carga {code}", institution=self.rng.choice(institutions),
                   sex=self.rng.choice(sexes[:2])) for code in State.values)
        rows = []
        for session in sessions:
            if session.group_id not in self.family_ids or session.status != Session.Status.HELD:
                continue
            people = self.rng.sample(titulars, self.rng.randint(6, 10))
            for order, person in enumerate(people, start=1):
                rows.append(Attendance(session=session, person=person, name=person.name,
                                       institution_id=person.institution_id, order=order,
                                       category=Category.TITULAR, sex=person.sex))
            if self.rng.random() < 0.15:
                for k, index in enumerate(self.rng.sample(range(len(governors)),
                                                          self.rng.randint(1, 3))):
                    person = governors[index]
                    rows.append(Attendance(session=session, person=person, name=person.name,
                                           institution_id=person.institution_id,
                                           order=100 + k, category=Category.GOVERNOR,
                                           state=State.values[index], sex=person.sex))
        Attendance.objects.bulk_create(rows, batch_size=self.batch)
        return len(rows)
