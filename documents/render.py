"""The minuta as PDF: one function, one template, no request — the Celery task, the web views and
the `render_minuta` command all call `render_minuta_pdf`."""

import gc
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from meetings.models import Session

from . import pdf_speedups
from .content import minuta_content
from .fetcher import ProjectFilesFetcher
from convocatorias.selectors import minuta_quorum_line

from .selectors import minuta_session

TEMPLATE = "minutas/minuta.html"
# Approved minutas are archival: PDF/A-3, conformance level A (tagged, Unicode text, logical
# structure, document language), which is the accessible level of PDF/A. See README.
ARCHIVAL_VARIANT = "pdf/a-3a"
STATIC_DIR = Path(settings.BASE_DIR) / "static"
STYLESHEET = STATIC_DIR / "minutas" / "print.css"

pdf_speedups.install()  # each PDF stream compressed once, not twice; same bytes

_loaded = threading.local()


def stylesheet() -> tuple[CSS, FontConfiguration]:
    """The print stylesheet, parsed once per thread together with the fonts it declares
    (`@font-face`, read through the project-only fetcher): loading them is the same work for
    every minuta. Re-read when the file changes, so a deploy or an edit needs no restart."""
    mtime = STYLESHEET.stat().st_mtime_ns
    if getattr(_loaded, "mtime", None) != mtime:
        font_config = FontConfiguration()
        css = CSS(
            filename=str(STYLESHEET),
            url_fetcher=ProjectFilesFetcher(),
            font_config=font_config,
        )
        _loaded.css, _loaded.font_config, _loaded.mtime = css, font_config, mtime
    return _loaded.css, _loaded.font_config


def render_minuta_pdf(
    session: Session,
    *,
    archival: bool | None = None,
    url_fetcher: ProjectFilesFetcher | None = None,
    created=None,
    marks=None,
) -> bytes:
    """Render the session's minuta. A minuta that is not approved carries the BORRADOR watermark;
    an approved one is rendered as PDF/A (`archival` overrides that choice). With `marks`
    (publication.selectors.Marks) it is the versión pública, from the same template."""
    session = minuta_session(session.pk)
    content = minuta_content(session, marks=marks)
    content.quorum = minuta_quorum_line(session)
    approved = not content.draft
    created = created or session.approved_at or timezone.now()
    content.created = timezone.localtime(created).isoformat(timespec="seconds")
    html = render_to_string(TEMPLATE, {"m": content})
    archival = approved if archival is None else archival
    options = {"pdf_variant": ARCHIVAL_VARIANT} if archival else {"pdf_tags": True}
    css, font_config = stylesheet()
    document = HTML(
        string=html,
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=url_fetcher or ProjectFilesFetcher(),
    )
    with collector_paused():
        return document.write_pdf(stylesheets=[css], font_config=font_config, **options)


_pause_lock = threading.Lock()
_pauses = 0
_was_enabled = True


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while WeasyPrint lays out and writes a minuta.

    Layout builds a large graph of boxes, and the collector's repeated passes over it were about a
    tenth of a large minuta's render time (bench/minuta_render.py: 3.28 s → 2.91 s for the 10×
    session). The garbage is collected as usual once the render is over. Renders in other threads
    share one count, so the first to finish does not switch the collector back on under the others.
    """
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
