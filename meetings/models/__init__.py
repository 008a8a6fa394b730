from .groups import Membership, WorkingGroup
from .revisions import MinutaEvent, MinutaRevision
from .sessions import AgendaItem, AgendaPresenter, Attendance, Session, SessionPhoto
from .documents import SessionDocument
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
    "SessionDocument",
    "Theme",
    "Venue",
    "WorkingGroup",
]
