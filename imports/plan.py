"""What an import will do, item by item: the preview shows it, the commit carries it out. Built
from the parsed minuta, the directory and the secretary's decisions (a dict of form values:
"inst:<label>" → institution id or "new"; "person:<n>" → person id or "new"; "due:<n>" → a date),
so that what was previewed is exactly what is saved."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from agreements.models import Acuerdo
from agreements.numbering import format_acuerdo_number
from meetings.models import Session

from .layout import ParsedMinuta, Problem
from .matching import (
    InstitutionChoice,
    InstitutionIndex,
    participant_for,
    person_in_institution,
    split_presenters,
)
from .spanish import fold

NEW = "new"


@dataclass
class PersonRow:
    index: int
    name: str
    cargo: str
    institution: InstitutionChoice
    match: object = None  # an existing Person
    proposals: list = field(default_factory=list)
    decision: str = ""  # "" (nothing to decide), a person id, or NEW

    @property
    def key(self) -> str:
        return f"person:{self.index}"


@dataclass
class ImportPlan:
    parsed: ParsedMinuta
    institutions: dict[str, InstitutionChoice]
    # folded label → the Institution it will be, NEW (created at import) or None (undecided)
    resolved: dict[str, object]
    people: list[PersonRow]
    presenters: list[list[tuple[int | None, str]]]  # per agenda item: (participant index, label)
    drafted_by: int | None
    approved_by: int | None
    numbers: list[str]  # what each acuerdo will be numbered
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _decided_institution(choice: InstitutionChoice, decisions, index: InstitutionIndex):
    value = decisions.get(choice.key, "")
    if value == NEW:
        return NEW
    if value and value.isdigit() and int(value) in index.institutions:
        return index.institutions[int(value)]
    return choice.match


def build_plan(parsed: ParsedMinuta, *, group, decisions: dict | None = None) -> ImportPlan:
    decisions = decisions or {}
    problems = list(parsed.problems)
    index = InstitutionIndex()
    labels = [p.institution for p in parsed.participants]
    labels += [name for a in parsed.acuerdos for name in a.responsables + a.coadyuvantes]
    if parsed.convoca:
        labels.append(parsed.convoca)
    institutions: dict[str, InstitutionChoice] = {}
    for label in labels:
        if label and fold(label) not in institutions:
            institutions[fold(label)] = index.choice(label)
    resolved: dict[str, object] = {}
    for folded, choice in institutions.items():
        decided = _decided_institution(choice, decisions, index)
        if decided is None and choice.proposals:
            problems.append(Problem("institutions", _(
                "“%(label)s” is not in the directory; it looks like %(proposals)s: choose one or "
                "create it.") % {"label": choice.label,
                                 "proposals": ", ".join(i.acronym for i in choice.proposals)}))
        resolved[folded] = decided if decided is not None else (NEW if not choice.proposals
                                                                 else None)
    people = []
    for i, participant in enumerate(parsed.participants):
        choice = institutions.get(fold(participant.institution))
        institution = resolved.get(fold(participant.institution))
        row = PersonRow(index=i, name=participant.name, cargo=participant.cargo,
                        institution=choice)
        if not participant.institution:
            problems.append(Problem("participants", _("%(name)s has no institution.") % {
                "name": participant.name}))
        elif institution not in (None, NEW):
            row.match, row.proposals = person_in_institution(participant.name, institution)
        value = decisions.get(row.key, "")
        if value:
            row.decision = value
        elif row.proposals:
            problems.append(Problem("participants", _(
                "%(name)s may be %(proposals)s of the directory: choose, or add a new person.")
                % {"name": participant.name,
                   "proposals": ", ".join(p.name for p in row.proposals)}))
        people.append(row)

    presenters = []
    for item in parsed.agenda:
        lines = split_presenters(item.presenters, parsed.participants)
        presenters.append([(participant_for(line, parsed.participants), line) for line in lines])
    drafted = participant_for(parsed.drafted_by, parsed.participants) if parsed.drafted_by else None
    approved = (participant_for(parsed.approved_by, parsed.participants)
                if parsed.approved_by else None)
    for label, found, value in ((_("Elaboró"), drafted, parsed.drafted_by),
                                (_("Visto Bueno"), approved, parsed.approved_by)):
        if value and found is None:
            problems.append(Problem("signoff", _(
                "%(role)s: “%(name)s” is not among the participants; the minuta will be imported "
                "as a draft unless that person is added to the list.") % {"role": label,
                                                                          "name": value},
                "warning"))

    numbers = []
    if parsed.number is not None:
        if Session.objects.filter(group=group, type=parsed.type, number=parsed.number).exists():
            problems.append(Problem("header", _(
                "The group already has session %(number)s/%(type)s: this minuta would collide "
                "with it.") % {"number": parsed.number, "type": parsed.type}))
        session = Session(group=group, number=parsed.number, type=parsed.type,
                          date=parsed.date or dt.date.today())
        numbers = [format_acuerdo_number(pattern=group.number_pattern, session=session,
                                         sequence=n) for n in range(1, len(parsed.acuerdos) + 1)]
        taken = set(Acuerdo.objects.filter(group=group, number__in=numbers)
                    .values_list("number", flat=True))
        for number in sorted(taken):
            problems.append(Problem("acuerdos", _("Acuerdo %(number)s already exists in the "
                                                  "group.") % {"number": number}))
        for row, number in zip(parsed.acuerdos, numbers):
            if row.number and fold(row.number) != fold(number):
                problems.append(Problem("acuerdos", _(
                    "The file numbers an acuerdo “%(file)s”; the group's pattern makes it "
                    "“%(ours)s”.") % {"file": row.number, "ours": number}, "warning"))
    for n, row in enumerate(parsed.acuerdos):
        typed = decisions.get(f"due:{n}", "")
        if typed:
            try:
                row.due = dt.date.fromisoformat(typed)
            except ValueError:
                pass
        if not row.responsables and not row.all_institutions:
            problems.append(Problem("acuerdos", _("%(number)s names no responsible "
                                                  "institution.") % {"number": row.number or n + 1},
                                    "warning"))
    # A date typed by the secretary settles the problem the parser found for that acuerdo.
    settled = {f"due:{n}" for n, row in enumerate(parsed.acuerdos) if row.due is not None}
    problems = [p for p in problems if not (p.key and p.key in settled)]
    return ImportPlan(parsed=parsed, institutions=institutions, resolved=resolved, people=people, presenters=presenters, drafted_by=drafted,
                      approved_by=approved, numbers=numbers, problems=problems)
