from django.core.management.base import BaseCommand

from ...index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from every session, agenda item, acuerdo, report, person and institution."

    def handle(self, *args, **options):
        total = rebuild(log=self.stdout.write)
        self.stdout.write(f"{total} entries.")
