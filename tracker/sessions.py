"""Django's database session store, its read of the request's session compiled once
(tracker.compiled): every signed-in request reads its session first, and building that one-row
query through the ORM cost more than running it (issue #17). Everything else (saving, creating,
expiring, the cookie) is Django's own. tests/test_sessions.py compares it with Django's store."""

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone

from tracker.compiled import Compiled

# Values standing for the session key and the time while compiling (tracker.compiled).
_KEY, _NOW = "\x00session key\x00", dt.datetime(1, 2, 3, tzinfo=dt.timezone.utc)

# The SQL of DatabaseSessionStore._get_session_from_db's .get(): unordered, LIMIT 21.
_session = Compiled(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now).order_by()[:21],
    model=Session, instances=True, markers=(_KEY, _NOW))


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        if (self.session_key is None or self.model is not Session
                or connections[router.db_for_read(Session)].vendor != "postgresql"):
            # No key (never read), a subclass's model; or SQLite, whose adapted datetime
            # parameter is text the plan's marker cannot be found in: Django's own read.
            return super()._get_session_from_db()
        rows = _session(self.session_key, timezone.now())
        if not rows:  # missing or expired: as Django's DoesNotExist
            self._session_key = None
            return None
        return rows[0]
