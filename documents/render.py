"""The minuta as PDF: one function, one template, no request — the Celery task, the web views and
the `render_minuta` command all call `render_minuta_pdf`."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from meetings.models import Session

from .content import minuta_content
from .fetcher import ProjectFilesFetcher
from .selectors import minuta_session

TEMPLATE = "minutas/minuta.html"
# Approved minutas are archival: PDF/A-3, conformance level A (tagged, Unicode text, logical
# structure, document language), which is the accessible level of PDF/A. See README.
ARCHIVAL_VARIANT = "pdf/a-3a"
STATIC_DIR = Path(settings.BASE_DIR) / "static"


def render_minuta_pdf(
    session: Session,
    *,
    archival: bool | None = None,
    url_fetcher: ProjectFilesFetcher | None = None,
    created=None,
) -> bytes:
    """Render the session's minuta. A minuta that is not approved carries the BORRADOR watermark;
    an approved one is rendered as PDF/A (`archival` overrides that choice)."""
    session = minuta_session(session.pk)
    content = minuta_content(session)
    approved = not content.draft
    created = created or session.approved_at or timezone.now()
    content.created = timezone.localtime(created).isoformat(timespec="seconds")
    html = render_to_string(TEMPLATE, {"m": content})
    archival = approved if archival is None else archival
    options = {"pdf_variant": ARCHIVAL_VARIANT} if archival else {"pdf_tags": True}
    document = HTML(
        string=html,
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=url_fetcher or ProjectFilesFetcher(),
    )
    return document.write_pdf(**options)
