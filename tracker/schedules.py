"""Every periodic schedule of the project, in one place (CELERY_BEAT_SCHEDULE in settings).

Beat only triggers short sweeps that read the database for what is due; nothing is scheduled far
ahead (an ETA task older than Redis' visibility timeout would be delivered twice)."""

from celery.schedules import crontab

REMINDER_SWEEP_SECONDS = 300

CELERY_BEAT_SCHEDULE = {
    # Reminders, escalations, retries of failed sends, stale claims: every 5 minutes. The same
    # sweep plans the work plan's reminders (workplan/reminders.py): no schedule of their own.
    "notifications-sweep": {
        "task": "notifications.sweep",
        "schedule": REMINDER_SWEEP_SECONDS,
        "options": {"expires": REMINDER_SWEEP_SECONDS},
    },
    # The weekly digest is due Mondays 08:00 America/Mexico_City (CELERY_TIMEZONE): a sweep right
    # then sends it on time; the 5-minute sweeps catch up if this one is missed.
    "notifications-weekly-digest": {
        "task": "notifications.sweep",
        "schedule": crontab(minute=0, hour=8, day_of_week=1),
        "options": {"expires": 3600},
    },
    # Every stored minuta and evidence file against its SHA-256, nightly at 02:30 (quiet hours);
    # problems are written to the audit log.
    "documents-verify-stored-files": {
        "task": "documents.verify_stored_files",
        "schedule": crontab(minute=30, hour=2),
        "options": {"expires": 6 * 3600},
    },
}
