from .groups import Membership, WorkingGroup
from .revisions import MinutaEvent, MinutaRevision
from .sessions import AgendaItem, AgendaPresenter, Attendance, Session, SessionPhoto
from .vocab import Theme, Venue

__all__ = [
    "AgendaItem",
    "AgendaPresenter",
    "Attendance",
    "Membership",
    "MinutaEvent",
    "MinutaRevision",
    "Session",
    "SessionPhoto",
    "Theme",
    "Venue",
    "WorkingGroup",
]
