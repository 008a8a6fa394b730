"""E-mail content: templates/notifications/<name>-subject.txt, -body.txt and -body.html, rendered
in the recipient's language, with absolute links (settings.SITE_URL)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _url(name: str, obj_id: int, admin_path: str) -> str:
    try:
        return absolute(reverse(name, args=[obj_id]))
    except NoReverseMatch:  # the page is another branch's; the admin always exists
        return absolute(f"/admin/{admin_path}/{obj_id}/change/")


def acuerdo_url(acuerdo_id: int) -> str:
    return _url("acuerdo_detail", acuerdo_id, "agreements/acuerdo")


def session_url(session_id: int) -> str:
    return _url("session_detail", session_id, "meetings/session")


def render_message(name: str, context: dict, language: str) -> tuple[str, str, str]:
    """(subject, text, html) of template `name` in `language`."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"notifications/{name}-subject.txt", context)
        text = render_to_string(f"notifications/{name}-body.txt", context)
        html = render_to_string(f"notifications/{name}-body.html", context)
    subject = " ".join(subject.split())[:300]
    return subject, text.strip() + "\n", html
