"""factory_boy factories for domain data. Acuerdos and sessions go through the services, so that
numbers are assigned the way users get them."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from agreements.services import acuerdo_create
from directory.models import Institution, Person
from meetings.models import Membership, Session, WorkingGroup
from meetings.services import session_plan


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("secret-pass-123")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ["acronym"]

    acronym = factory.Sequence(lambda n: f"INST{n}")
    name = factory.LazyAttribute(lambda i: f"Institución {i.acronym}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="es_MX")
    cargo = "Director de Área"
    institution = factory.SubFactory(InstitutionFactory)
    email = factory.Sequence(lambda n: f"persona{n}@example.org")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Grupo de trabajo {n}")
    acronym = factory.Sequence(lambda n: f"GT{n}")
    convening_institution = factory.SubFactory(InstitutionFactory)

    @factory.post_generation
    def members(group, create, extracted, **kwargs):
        """GroupFactory(members=[inst, ...]) or members=3 for that many new institutions."""
        if not create or not extracted:
            return
        institutions = (
            InstitutionFactory.create_batch(extracted) if isinstance(extracted, int) else extracted
        )
        for institution in institutions:
            Membership.objects.create(
                group=group, institution=institution, joined_on=dt.date(2020, 1, 1)
            )


def make_session(group=None, **fields) -> Session:
    fields.setdefault("date", dt.date(2025, 6, 3))
    fields.setdefault("start_time", dt.time(12, 0))
    fields.setdefault("end_time", dt.time(14, 0))
    return session_plan(group=group or GroupFactory(members=3), **fields)


def mark_held(session: Session) -> Session:
    """The session took place (what the secretariat sets in the editor's header): from then on its
    acuerdos exist for institutions, reminders and figures (agreements.models.adopted_q)."""
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD)
    session.status = Session.Status.HELD
    return session


def make_acuerdo(session=None, *, held=True, **fields):
    """An acuerdo; its session is marked held unless held=False (drafted in a planned session)."""
    fields.setdefault("text", "Las instituciones enviarán sus comentarios.")
    session = session or make_session()
    if held and session.status == Session.Status.PLANNED:
        mark_held(session)
    if not fields.get("responsables") and not fields.get("all_institutions"):
        fields["responsables"] = list(session.group.member_institutions(on=session.date)[:1])
    return acuerdo_create(session=session, **fields)


def make_acuerdo_without_responsable(session, **fields):
    """An acuerdo adopted with no responsable part (as an import or the editor's first draft can
    leave it), through acuerdo_create like every other: the status rule never fulfils it."""
    fields.setdefault("text", "Las instituciones tomarán nota.")
    if session.status == Session.Status.PLANNED:
        mark_held(session)
    return acuerdo_create(session=session, responsables=[], **fields)


def make_acuerdo_in_states(session, *, institutions, statuses, cancel=False, **fields):
    """An acuerdo with two responsables and a coadyuvante (`institutions`, in that order), each
    part set to its status of `statuses` directly, then cancelled when asked: the status rule's
    combinations for tests/test_status.py and tests/test_informe_pass.py."""
    from agreements.models import Responsibility
    from agreements.services import acuerdo_cancel

    a, b, c = institutions
    acuerdo = make_acuerdo(session, responsables=[a, b], coadyuvantes=[c], **fields)
    for institution, status in zip(institutions, statuses):
        Responsibility.objects.filter(acuerdo=acuerdo, institution=institution).update(
            status=status)
    if cancel:
        acuerdo_cancel(acuerdo=acuerdo, reason="prueba")
    return acuerdo
