"""Responsibility.acuerdo_group, the parts' copy of their acuerdo's group that the Informe's parts
per institution read (reports.selectors.acuerdo_pass): every writer sets it, the migration
backfills it, and a writer that forgets it fails instead of drifting."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import F

from agreements.models import Responsibility
from agreements.services import acuerdo_change_responsibilities

from .factories import GroupFactory, make_acuerdo, make_acuerdo_without_responsable, make_session

pytestmark = pytest.mark.django_db


def _drifted():
    """Parts whose copy is not their acuerdo's group."""
    return list(Responsibility.objects.exclude(acuerdo_group_id=F("acuerdo__group_id"))
                .values_list("acuerdo__number", "institution__acronym", "acuerdo_group_id"))


def _two_groups():
    first = make_session(group=GroupFactory(members=3))
    second = make_session(group=GroupFactory(members=3))
    return first, second


def test_every_writer_of_parts_copies_the_acuerdos_group():
    first, second = _two_groups()
    a, b, c = first.group.member_institutions()
    named = make_acuerdo(first, responsables=[a], coadyuvantes=[b])  # acuerdo_create
    everyone = make_acuerdo(second, all_institutions=True)
    later = make_acuerdo_without_responsable(second)
    acuerdo_change_responsibilities(acuerdo=named, responsables=[a, c], coadyuvantes=[b])
    x, y, _z = second.group.member_institutions()
    acuerdo_change_responsibilities(acuerdo=later, responsables=[x], coadyuvantes=[y])
    Responsibility.objects.create(acuerdo=everyone, institution=a)  # save(): admin, tests
    assert Responsibility.objects.count() == 3 + 3 + 2 + 1
    assert set(Responsibility.objects.values_list("acuerdo__group_id", "acuerdo_group_id")) == {
        (first.group_id, first.group_id), (second.group_id, second.group_id)}
    assert _drifted() == []


def test_a_bulk_writer_that_forgets_the_copy_fails():
    session = make_session(group=GroupFactory(members=2))
    acuerdo = make_acuerdo_without_responsable(session)
    with pytest.raises(IntegrityError), transaction.atomic():
        Responsibility.objects.bulk_create([Responsibility(
            acuerdo=acuerdo, institution=session.group.member_institutions()[0])])


def test_the_migration_backfills_the_copy_from_the_acuerdos():
    first, second = _two_groups()
    make_acuerdo(first, all_institutions=True)
    make_acuerdo(second, all_institutions=True)
    # As wrong as a copy can be: every part on the other group.
    Responsibility.objects.filter(acuerdo__group=first.group).update(
        acuerdo_group_id=second.group_id)
    Responsibility.objects.filter(acuerdo__group=second.group).update(
        acuerdo_group_id=first.group_id)
    assert len(_drifted()) == 6
    importlib.import_module("agreements.migrations.0013_responsibility_acuerdo_group").backfill(
        apps, _SchemaEditor())
    assert _drifted() == []


class _SchemaEditor:
    """What backfill reads of its schema editor: the connection."""

    from django.db import connection
