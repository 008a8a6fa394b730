from django.core.management.base import BaseCommand, CommandError

from documents.integrity import stored_files_verify


class Command(BaseCommand):
    help = ("Check every stored minuta file and evidence file against its SHA-256. Problems are "
            "written to the audit log; the command fails when there is any.")

    def handle(self, *args, **options):
        result = stored_files_verify()
        for problem in result.problems:
            self.stderr.write(problem)
        summary = (f"{result.checked} files checked, {result.recorded} hashes recorded, "
                   f"{len(result.problems)} problems.")
        if result.problems:
            raise CommandError(summary)
        self.stdout.write(summary)
