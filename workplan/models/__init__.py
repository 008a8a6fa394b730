from .actividades import Actividad, ActividadAcuerdo, ActividadInstitution, Eje
from .plans import Plan, PlanEvent, PlannedSession, PlanVersion
from .proposals import Proposal

__all__ = [
    "Actividad", "ActividadAcuerdo", "ActividadInstitution", "Eje",
    "Plan", "PlanEvent", "PlannedSession", "PlanVersion", "Proposal",
]
