from .actividades import Actividad, ActividadAcuerdo, ActividadInstitution, Eje
from .plans import Plan, PlanAcuerdo, PlanEvent, PlannedSession, PlanVersion
from .proposals import Proposal

__all__ = [
    "Actividad", "ActividadAcuerdo", "ActividadInstitution", "Eje",
    "Plan", "PlanAcuerdo", "PlanEvent", "PlannedSession", "PlanVersion", "Proposal",
]
