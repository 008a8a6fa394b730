from .groups import Membership, WorkingGroup
from .revisions import MinutaEvent, MinutaRevision
from .sessions import AgendaItem, AgendaPresenter, Attendance, Session, SessionPhoto

__all__ = [
    "AgendaItem",
    "AgendaPresenter",
    "Attendance",
    "Membership",
    "MinutaEvent",
    "MinutaRevision",
    "Session",
    "SessionPhoto",
    "WorkingGroup",
]
