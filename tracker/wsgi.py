import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
_django = get_wsgi_application()

from tracker.lean_api import LeanWSGIHandler, RoutingWSGIHandler  # noqa: E402 (needs setup)
from tracker.memory import keep_freed_memory  # noqa: E402

# Token-authenticated /api/ requests skip the cookie-session middleware (tracker/lean_api.py).
application = RoutingWSGIHandler(full=_django, lean=LeanWSGIHandler())

# What start-up loaded never becomes garbage: keep it out of the collector's full passes, which
# otherwise showed up as the p95 of the API lists (bench/api_scale.py).
gc.freeze()
# A page of the API builds ~10,000 objects in reference cycles (prefetched parts point back at
# their acuerdo). With the default threshold (700) collections run in the middle of a request,
# promote its live objects to the oldest generation, and a full collection then lands on a later
# request: the lists' p95 was 2–3× their p50. 50,000 lets a request's garbage die young
# (bench/api_scale.py: p95 close to p50; up to ~10 MB of young objects wait for a collection).
gc.set_threshold(50_000, 20, 10)


# glibc's malloc keeps what a request frees for the next one (tracker/memory.py).
keep_freed_memory()
