"""manage.py backup: the database, the media files and a SHA-256 manifest, in one new folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tracker.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite copy) and MEDIA_ROOT, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", default=str(Path(settings.VAR_DIR) / "backups"),
            help="Folder that receives acuerdos-<UTC time>/ (default: var/backups).")

    def handle(self, *args, output_dir, **options):
        try:
            target = backup_create(output_dir=Path(output_dir))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(target))
