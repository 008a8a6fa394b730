from .groups import Membership, WorkingGroup
from .sessions import AgendaItem, AgendaPresenter, Attendance, Session, SessionPhoto

__all__ = [
    "AgendaItem",
    "AgendaPresenter",
    "Attendance",
    "Membership",
    "Session",
    "SessionPhoto",
    "WorkingGroup",
]
