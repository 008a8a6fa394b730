"""manage.py restore <folder>: replace the database and media with a backup's, then verify them."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tracker.backup import BackupError, backup_restore, read_manifest


class Command(BaseCommand):
    help = ("Restore a folder written by `manage.py backup`: checks its SHA-256 manifest, replaces "
            "the database and the media files, then checks every table count and file hash.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="The acuerdos-<time>/ folder of a backup.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")

    def handle(self, *args, source, interactive, **options):
        try:
            manifest = read_manifest(Path(source))
            if interactive:
                answer = input(
                    f"This replaces ALL data of database {connection.settings_dict['NAME']!r} and "
                    f"the media files with the backup of {manifest['created_at']}.\n"
                    "Type 'yes' to continue: ")
                if answer != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            report = backup_restore(source=Path(source))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for table, (expected, found) in sorted(report.count_mismatches.items()):
            self.stderr.write(f"{table}: {found} rows, the backup had {expected}")
        for relative in report.file_mismatches:
            self.stderr.write(f"media/{relative}: missing or different from the backup")
        if not report.ok:
            raise CommandError("Restored, but the result differs from the backup (listed above).")
        self.stdout.write(self.style.SUCCESS(
            f"Restored {len(manifest['tables'])} tables and {len(manifest['media'])} files; "
            "every count and SHA-256 matches the manifest."))
