"""A small work plan built through workplan.services, for the tests of its documents, import,
API and reminders: three ejes, actividades with responsables, coadyuvantes, dates, indicator,
goal and states, a proposed calendar. Personas: the group's secretary, FGR's and SSPC's enlaces,
a coordinator, and an outsider (another group's secretary)."""

import datetime as dt
import subprocess
from dataclasses import dataclass, field

from directory.models import Institution, Person
from workplan import services

from .factories import GroupFactory, InstitutionFactory, UserFactory

EJES = [
    "Generación de conocimiento y capacitación",
    "Coordinación efectiva",
    "Fortalecimiento de capacidades en las entidades federativas",
]
ACTIVIDADES = [
    # (eje index, description, responsables, coadyuvantes, start, end, states)
    (0, "Elaborar un resumen ejecutivo del diagnóstico de instituciones que participan en la "
        "prevención y atención del tráfico ilícito de personas migrantes.", ["UPMRIP"], ["OIM"],
     dt.date(2025, 6, 1), dt.date(2025, 9, 30), []),
    (0, "Realizar una campaña nacional de comunicación para la prevención del delito.",
     ["SSPC"], ["UNODC", "OIM"], dt.date(2025, 7, 1), dt.date(2025, 12, 31), []),
    (1, "Crear un directorio de personas responsables en cada dependencia.", ["FGR"], [],
     None, dt.date(2025, 8, 29), []),
    (2, "Impulsar las rutas locales de protección en Veracruz, Tamaulipas, Oaxaca y San Luis "
        "Potosí.", [], ["FGR"], dt.date(2025, 6, 1), dt.date(2025, 11, 30),
     ["VER", "TAMPS", "OAX", "SLP"]),
]
ACRONYMS = ["UPMRIP", "SSPC", "FGR", "OIM", "UNODC", "INM"]


@dataclass
class World:
    group: object
    plan: object
    secretary: object
    coordinator: object
    enlace_fgr: object
    enlace_sspc: object
    outsider: object
    institutions: dict = field(default_factory=dict)
    ejes: list = field(default_factory=list)
    actividades: list = field(default_factory=list)


def _enlace(username, institution):
    user = UserFactory(username=username)
    Person.objects.create(name=username.replace(".", " ").title(), institution=institution,
                          is_enlace=True, user=user, email=f"{username}@example.org")
    return user


def plan_world(*, year=2025, calendar=True) -> World:
    institutions = {a: InstitutionFactory(acronym=a, name=f"Institución {a}") for a in ACRONYMS}
    group = GroupFactory(acronym="GTTIM",
                         name="Grupo de Trabajo sobre Tráfico Ilícito de Migrantes",
                         members=list(institutions.values()))
    secretary = UserFactory(username="secretaria.gttim")
    coordinator = UserFactory(username="coordina.gttim")
    group.secretariat.add(secretary)
    group.coordinators.add(coordinator)
    outsider = UserFactory(username="secretaria.otra")
    GroupFactory(members=1).secretariat.add(outsider)
    plan = services.plan_create(group=group, year=year, title=f"Plan de Trabajo Anual {year}",
                                description="Propuesta de la UPMRIP.", actor=secretary)
    world = World(group=group, plan=plan, secretary=secretary, coordinator=coordinator,
                  enlace_fgr=_enlace("enlace.fgr", institutions["FGR"]),
                  enlace_sspc=_enlace("enlace.sspc", institutions["SSPC"]), outsider=outsider,
                  institutions=institutions)
    world.ejes = [services.eje_add(plan=plan, title=title, actor=secretary) for title in EJES]
    for eje, text, resp, coad, start, end, states in ACTIVIDADES:
        world.actividades.append(services.actividad_add(
            eje=world.ejes[eje], description=text, entregable="Documento entregado",
            start_date=start, end_date=end, indicator="Documentos publicados", goal="1",
            states=states, responsables=[institutions[a] for a in resp],
            coadyuvantes=[institutions[a] for a in coad], actor=secretary))
    if calendar:
        for ordinal, day in ((6, dt.date(year, 8, 5)), (7, dt.date(year, 9, 18))):
            services.planned_session_add(plan=plan, date=day, ordinal=ordinal, actor=secretary)
    plan.refresh_from_db()
    return world


def institution(acronym) -> Institution:
    return Institution.objects.get(acronym=acronym)


def pdf_text(data: bytes, *layout) -> str:
    return subprocess.run(["pdftotext", *layout, "-enc", "UTF-8", "-", "-"], input=data,
                          capture_output=True, check=True).stdout.decode()


def flat(text: str) -> str:
    return " ".join(text.split())
