from django.core.management.base import BaseCommand, CommandError

from api.loadgen import LoadDataExists, LoadGenerator


class Command(BaseCommand):
    help = "Create a realistic national data set for benchmarks (scale 1: 150,000 acuerdos)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0,
                            help="1 = 200 groups, 20,000 sessions, 150,000 acuerdos; 0.01 for tests")
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, scale, seed, **options):
        if not 0 < scale <= 20:
            raise CommandError("--scale must be more than 0 and at most 20.")
        try:
            summary = LoadGenerator(scale=scale, seed=seed, log=self.stdout.write).run()
        except LoadDataExists as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            "Load data: {institutions} institutions, {groups} groups, {sessions} sessions, "
            "{acuerdos} acuerdos, {responsibilities} responsibilities. Users (password "
            "acuerdos-demo): {names}".format(**summary, names=", ".join(summary["users"]))
        ))
