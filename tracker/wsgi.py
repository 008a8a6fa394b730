import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
application = get_wsgi_application()

# What start-up loaded never becomes garbage: keep it out of the collector's full passes, which
# otherwise showed up as the p95 of the API lists (bench/api_scale.py).
gc.freeze()
