"""E-mail content: templates/notifications/<name>-subject.txt, -body.txt and -body.html, rendered
in the recipient's language, with absolute links (settings.SITE_URL)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def acuerdo_url(acuerdo_id: int) -> str:
    return absolute(reverse("followup:acuerdo", args=[acuerdo_id]))


def session_url(session_id: int) -> str:
    return absolute(reverse("workspace:session", args=[session_id]))


def confirm_url(session_id: int) -> str:
    """Where an enlace confirms who attends (convocatorias app)."""
    return absolute(reverse("convocatorias:confirm", args=[session_id]))


def render_message(name: str, context: dict, language: str) -> tuple[str, str, str]:
    """(subject, text, html) of template `name` in `language`."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"notifications/{name}-subject.txt", context)
        text = render_to_string(f"notifications/{name}-body.txt", context)
        html = render_to_string(f"notifications/{name}-body.html", context)
    subject = " ".join(subject.split())[:300]
    return subject, text.strip() + "\n", html
