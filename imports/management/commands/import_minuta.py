"""python manage.py import_minuta GROUP FILE… [--dry-run] [--draft]: bring a folder of Word minutas
into a group. Exact matches are taken; a fuzzy match or an unreadable date stops that file with
the list of what to fix (use the web preview for those), and the other files go on."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from meetings.models import WorkingGroup

from ...services import minuta_import_commit, minuta_import_plan, minuta_import_upload


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Import Word minutas (.docx) in the official layout into a group."

    def add_arguments(self, parser):
        parser.add_argument("group", help="the group's acronym")
        parser.add_argument("files", nargs="+", help=".docx files or folders holding them")
        parser.add_argument("--dry-run", action="store_true",
                            help="read and check everything, save nothing")
        parser.add_argument("--draft", action="store_true",
                            help="import as draft minutas instead of approved history")

    def handle(self, *args, group, files, dry_run, draft, **options):
        try:
            group = WorkingGroup.objects.get(acronym=group)
        except WorkingGroup.DoesNotExist:
            raise CommandError(f"No group with the acronym {group!r}.") from None
        paths = []
        for name in files:
            path = Path(name)
            paths += sorted(path.glob("*.docx")) if path.is_dir() else [path]
        done = failed = 0
        for path in paths:
            try:
                with transaction.atomic():
                    upload = minuta_import_upload(group=group, data=path.read_bytes(),
                                                  filename=path.name, actor=None)
                    plan = minuta_import_plan(draft=upload)
                    for problem in plan.problems:
                        self.stdout.write(f"  {path.name}: [{problem.severity}] {problem.message}")
                    session = minuta_import_commit(draft=upload, decisions={}, actor=None,
                                                   as_approved=not draft)
                    self.stdout.write(f"{path.name}: {session} "
                                      f"({session.attendances.count()} participants, "
                                      f"{session.acuerdos.count()} acuerdos, "
                                      f"{session.get_minuta_status_display()})")
                    if dry_run:
                        raise DryRun
                done += 1
            except DryRun:
                done += 1
            except (ValidationError, OSError) as exc:
                failed += 1
                messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                self.stderr.write(f"{path.name}: not imported: " + " ".join(messages))
        verb = "would be imported" if dry_run else "imported"
        self.stdout.write(f"{done} {verb}, {failed} refused.")
        if failed:
            raise CommandError(f"{failed} file(s) were not imported.")
