from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.docx import render_minuta_docx
from documents.render import render_minuta_pdf
from meetings.models import Session


class Command(BaseCommand):
    help = "Write the minuta of a session as PDF (default) or DOCX."

    def add_arguments(self, parser):
        parser.add_argument("group", help="group acronym, e.g. GTTIM")
        parser.add_argument("number", type=int, help="session number, e.g. 5")
        parser.add_argument("--type", choices=[c for c, _ in Session.Type.choices], default="SO")
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf")
        parser.add_argument("--output", "-o", required=True, help="file to write")

    def handle(self, *args, group, number, type, format, output, **options):
        session = (
            Session.objects.select_related("group")
            .filter(group__acronym__iexact=group, number=number, type=type)
            .first()
        )
        if session is None:
            raise CommandError(f"No session {number}/{type} in group {group!r}.")
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        data = render_minuta_pdf(session) if format == "pdf" else render_minuta_docx(session)
        path.write_bytes(data)
        status = "" if session.minuta_status == Session.MinutaStatus.APPROVED else " (BORRADOR)"
        self.stdout.write(f"Wrote {path} ({len(data)} bytes){status}.")
