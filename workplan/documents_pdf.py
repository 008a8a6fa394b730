"""The work plan as PDF: one function, one template, no request (the download view and any task
call `render_plan_pdf`). Same house style, fonts, fetcher and garbage-collector pause as the
minuta (documents.render)."""

import threading
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from documents.fetcher import ProjectFilesFetcher
from documents.render import collector_paused

from .documents import PlanContent

TEMPLATE = "workplan/pdf/plan.html"
STATIC_DIR = Path(settings.BASE_DIR) / "static"
STYLESHEET = STATIC_DIR / "workplan" / "pdf" / "print.css"

_loaded = threading.local()


def stylesheet() -> tuple[CSS, FontConfiguration]:
    """Parsed once per thread with its fonts; re-read when the file changes."""
    mtime = STYLESHEET.stat().st_mtime_ns
    if getattr(_loaded, "mtime", None) != mtime:
        font_config = FontConfiguration()
        css = CSS(filename=str(STYLESHEET), url_fetcher=ProjectFilesFetcher(),
                  font_config=font_config)
        _loaded.css, _loaded.font_config, _loaded.mtime = css, font_config, mtime
    return _loaded.css, _loaded.font_config


def render_content_pdf(content: PlanContent) -> bytes:
    content.created = content.created or timezone.localtime().isoformat(timespec="seconds")
    html = render_to_string(TEMPLATE, {"p": content})
    css, font_config = stylesheet()
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/",
                    url_fetcher=ProjectFilesFetcher())
    with collector_paused():
        # Tagged PDF (structure, language): readable by screen readers, as the minuta preview.
        return document.write_pdf(stylesheets=[css], font_config=font_config, pdf_tags=True)


def render_plan_pdf(plan, *, today=None) -> bytes:
    """The plan (a workplan.models.Plan or its id) as PDF, with its progress as of `today`."""
    from .documents_selectors import plan_document_content

    return render_content_pdf(plan_document_content(plan, today=today))
