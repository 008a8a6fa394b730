"""`make run` without Redis: no worker and no beat, so this process runs the sweep in-process
every NOTIFICATIONS_TIMER_SECONDS (scripts/run.sh starts it next to the web server)."""

import logging
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from notifications.sweep import sweep

logger = logging.getLogger("notifications")


def run_timer(interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        close_old_connections()
        try:
            sweep(inline=True)
        except Exception:  # noqa: BLE001 - a bad sweep must not stop the next one
            logger.exception("notifications sweep failed")
        stop.wait(interval)


class Command(BaseCommand):
    help = "Run the notifications sweep in this process on a timer (used when Redis is absent)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=settings.NOTIFICATIONS_TIMER_SECONDS)

    def handle(self, *args, interval, **options):
        logger.warning(
            "No Celery worker: sending reminders from this process, a sweep every %s s.", interval
        )
        stop = threading.Event()
        thread = threading.Thread(target=run_timer, args=(interval, stop), daemon=True)
        thread.start()
        try:
            thread.join()
        except KeyboardInterrupt:
            stop.set()
