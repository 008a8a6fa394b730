"""The top bar's links (templates/_nav.html as it was) written in Python: every page renders them,
and the include (a template looked up, a context pushed, nine {% url %}, nine {% if %} against
the path, nine {% translate %}) was a few tenths of a millisecond of each request (issue #17).
tests/test_navigation_tag.py compares it with the template it replaced, for each kind of user
and each current page."""

import functools
from html import escape as esc  # Django's escape, without its lazy-string wrapper (plain str here)

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (URL name, label) in the bar's order: everyone's, a group follower's, everyone's, staff's.
EVERYONE = (("workspace:home", _("Home")), ("followup:parts", _("My acuerdos")),
            ("calendars:feeds", _("Calendar")))
FOLLOWERS = (("followup:dashboard", _("Overdue dashboard")),
             ("followup:compliance", _("Compliance")), ("reports:informe", _("Informe")))
TOKENS = (("api:tokens_page", _("API tokens")),)
STAFF = (("audit:log", _("Audit log")), ("design:estilo", _("Style guide")))


@functools.lru_cache(maxsize=256)
def _url(name: str, urlconf, prefix: str) -> str:
    """reverse(name), remembered per URLconf and script prefix (what else it depends on): the
    same seven to nine URLs on every page."""
    return reverse(name, urlconf=urlconf)


@register.simple_tag(takes_context=True)
def main_nav(context) -> str:
    user = context.get("user")
    if not getattr(user, "is_authenticated", False):
        return mark_safe("\n")
    path = getattr(context.get("request"), "path", None)
    urlconf, prefix = get_urlconf(), get_script_prefix()

    def links(entries):
        out = []
        for name, label in entries:
            url = _url(name, urlconf, prefix)
            current = ' aria-current="page"' if path == url else ""
            out.append(f'<a href="{esc(url)}"{current}>{conditional_escape(label)}</a>')
        return out

    # The template's line breaks: one after each link, the groups' {% if %} on lines of their own.
    html = "\n" + "\n".join(links(EVERYONE)) + "\n"
    if context.get("nav_follows_groups"):
        html += "\n" + "\n".join(links(FOLLOWERS)) + "\n"
    html += "\n" + links(TOKENS)[0] + "\n"
    if user.is_staff:
        html += "\n".join(links(STAFF))
    return mark_safe(html + "\n\n")  # the staff {% if %}'s line, then the file's last
