"""Matching what a minuta names to the directory: institutions by acronym, full name or a known
alias (fuzzy matches are only proposed, never taken silently), people by name within their
institution, presenters and the sign-off to the participants of the same minuta."""

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from directory.models import Institution, Person

from .models import InstitutionAlias
from .spanish import fold

FUZZY_INSTITUTION = 80
FUZZY_PERSON = 88


@dataclass
class InstitutionChoice:
    label: str  # as the minuta writes it
    match: Institution | None = None  # exact: acronym, full name or alias
    proposals: list[Institution] = field(default_factory=list)  # fuzzy, for the secretary

    @property
    def key(self) -> str:
        return "inst:" + fold(self.label)


class InstitutionIndex:
    """Every institution of the directory with the names it is known by (one query each)."""

    def __init__(self):
        self.institutions = {i.pk: i for i in Institution.objects.all()}
        self.names: dict[str, int] = {}
        for institution in self.institutions.values():
            self.names.setdefault(fold(institution.acronym), institution.pk)
            self.names.setdefault(fold(institution.name), institution.pk)
        for alias, pk in InstitutionAlias.objects.values_list("alias", "institution_id"):
            self.names.setdefault(fold(alias), pk)

    def choice(self, label: str) -> InstitutionChoice:
        folded = fold(label)
        choice = InstitutionChoice(label=label)
        if folded in self.names:
            choice.match = self.institutions[self.names[folded]]
            return choice
        seen = []
        names = list(self.names)
        for name, score, _index in process.extract(folded, names, scorer=fuzz.token_set_ratio,
                                                   limit=8):
            pk = self.names[name]
            if score >= FUZZY_INSTITUTION and pk not in seen:
                seen.append(pk)
        choice.proposals = [self.institutions[pk] for pk in seen]
        return choice


def _tokens(name: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", fold(name)) if len(t) > 1 and t not in
            {"de", "del", "la", "las", "los", "y"}}


def name_covers(short: str, full: str) -> bool:
    """"Nathaniel Rodríguez" names "Jesús Nathaniel Rodríguez Ordoñez": every word of the short
    form is in the full name (at least two words, so "Raúl" alone names nobody)."""
    short_tokens = _tokens(short)
    return len(short_tokens) >= 2 and short_tokens <= _tokens(full)


def person_in_institution(name: str, institution: Institution | None):
    """(exact match, fuzzy proposals) among the institution's people."""
    if institution is None or institution.pk is None:
        return None, []
    people = list(Person.objects.filter(institution=institution))
    folded = fold(name)
    for person in people:
        if fold(person.name) == folded:
            return person, []
    proposals = [p for p in people if name_covers(name, p.name) or name_covers(p.name, name)
                 or fuzz.token_sort_ratio(folded, fold(p.name)) >= FUZZY_PERSON]
    return None, proposals


def participant_for(label: str, participants: list) -> int | None:
    """The index of the participant a presenter line or a sign-off names: "Raúl Salgado, Director
    de Investigación …" → "Raúl Salgado Martínez"."""
    name = label.split(",")[0]
    exact = [i for i, p in enumerate(participants) if fold(p.name) == fold(name)]
    if exact:
        return exact[0]
    covered = [i for i, p in enumerate(participants) if name_covers(name, p.name)]
    return covered[0] if len(covered) == 1 else None


def split_presenters(lines: list[str], participants: list) -> list[str]:
    """Presenters written one after another on one line ("Nathaniel Rodríguez, Coordinador …
    Jeremy Mac Gillivray, Jefe …"): split where a participant's name starts."""
    result = []
    for line in lines:
        words = line.split()
        starts, index = [0], 0
        while index < len(words):
            step = 1
            for size in (4, 3, 2):
                if index + size > len(words) or not words[index][:1].isupper() or \
                        not words[index + size - 1].endswith(","):
                    continue
                phrase = " ".join(words[index:index + size]).rstrip(",")
                if any(name_covers(phrase, p.name) for p in participants):
                    if index:
                        starts.append(index)
                    step = size  # the rest of this name starts nobody
                    break
            index += step
        bounds = starts + [len(words)]
        result += [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:]) if words[a:b]]
    return result
