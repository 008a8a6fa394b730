"""A small work plan for the workplan tests: a group with member institutions, a plan in draft
with ejes and actividades, personas (secretariat, coordinator, member and outside enlaces)."""

import datetime as dt

from directory.models import Person

from workplan import services

from .factories import GroupFactory, InstitutionFactory, UserFactory, make_session


def enlace_of(institution, username):
    user = UserFactory(username=username)
    Person.objects.create(name=f"Enlace {institution.acronym}", institution=institution,
                          is_enlace=True, user=user, email=f"{username}@example.org")
    return user


def plan_world(*, actividades_per_eje=2, ejes=2, members=3, year=2025):
    group = GroupFactory(members=members)
    institutions = list(group.member_institutions().order_by("acronym"))
    secretaria = UserFactory(username=f"sec{group.pk}")
    group.secretariat.add(secretaria)
    coordinador = UserFactory(username=f"coord{group.pk}")
    group.coordinators.add(coordinador)
    plan = services.plan_create(group=group, year=year, title=f"Plan de trabajo {year}",
                                actor=secretaria)
    actividades = []
    for e in range(1, ejes + 1):
        eje = services.eje_add(plan=plan, title=f"Eje de trabajo {e}", actor=secretaria)
        for n in range(1, actividades_per_eje + 1):
            actividades.append(services.actividad_add(
                eje=eje, description=f"Actividad {e}.{n}", entregable="Informe",
                start_date=dt.date(year, 6, 1), end_date=dt.date(year, 9, 30),
                responsables=[institutions[0]], actor=secretaria))
    outsider = InstitutionFactory(acronym=f"OUT{group.pk}")
    return {
        "group": group, "plan": plan, "institutions": institutions, "actividades": actividades,
        "secretaria": secretaria, "coordinador": coordinador,
        "enlace": enlace_of(institutions[1], f"enlace{group.pk}"),
        "outsider": enlace_of(outsider, f"outsider{group.pk}"),
        "other_secretaria": _other_secretariat(group),
    }


def _other_secretariat(group):
    other = GroupFactory(members=1)
    user = UserFactory(username=f"othersec{group.pk}")
    other.secretariat.add(user)
    return user


def held_acuerdo(group, *, number=6, date=dt.date(2025, 8, 5), **fields):
    """An acuerdo of a held session of `group` (adopted)."""
    from .factories import make_acuerdo

    session = group.sessions.filter(number=number, type="SO").first() or make_session(
        group=group, number=number, date=date)
    return make_acuerdo(session, **fields)
