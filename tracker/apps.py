import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("tracker")


class TrackerConfig(AppConfig):
    name = "tracker"

    def ready(self):
        if not settings.REDIS_URL:
            logger.warning(
                "REDIS_URL is not set: Celery tasks run in-process (eager), no worker is used."
            )
