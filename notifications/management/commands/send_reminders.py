from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from notifications.sweep import sweep


class Command(BaseCommand):
    help = _("Run one notifications sweep now, sending in this process; prints what was sent, "
             "skipped and failed.")

    def handle(self, *args, **options):
        result = sweep(inline=True)
        for n in result.planned:
            self.stdout.write(f"planned  {n.get_kind_display():<20} {n.recipient_email:<40} {n.subject}")
        self.stdout.write(
            _("%(sent)s sent, %(skipped)s skipped, %(failed)s failed, "
              "%(retry)s to retry (skipped: already sent or planned before).")
            % {"sent": result.sent, "skipped": result.skipped, "failed": result.failed,
               "retry": result.outcomes["retry"]}
        )
