"""Writes to the directory."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Institution, Person


@transaction.atomic
def person_create(*, name: str, institution: Institution, cargo: str = "",
                  email: str = "", sex: str = Person.Sex.UNSPECIFIED) -> Person:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Write the person's name.")})
    person = Person(name=name, cargo=cargo.strip(), institution=institution, email=email.strip(),
                    sex=sex or Person.Sex.UNSPECIFIED)
    person.full_clean()
    person.save()
    return person
