from django.core.management.base import BaseCommand

from demo.loader import DEMO_PASSWORD, USERS, Loader


class Command(BaseCommand):
    help = "Load the reference GTTIM minuta and a second demo group (idempotent)."

    def handle(self, *args, **options):
        created = Loader().run()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({created} new records)."))
        else:
            self.stdout.write("Demo data already present; nothing new was created.")
        self.stdout.write(
            f"Demo users (password “{DEMO_PASSWORD}”): " + ", ".join(USERS) + "."
        )
