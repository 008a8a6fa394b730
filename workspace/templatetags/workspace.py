import functools
import operator
import unicodedata
from html import escape as esc  # Django's escape, without its lazy-string wrapper (plain str here)

from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from agreements.models import Acuerdo
from meetings.models import Session
from tracker.dates import format_date
from tracker.links import IdLink

register = template.Library()

def _link_parts(name: str) -> tuple[str, str]:
    """The escaped text before and after the id in the URL `name` (tracker.links)."""
    link = IdLink(name)
    return link.before, link.after


@register.filter
def status_label(value) -> str:
    """The label of an annotated `status_value` (Acuerdo.objects.with_status)."""
    try:
        return Acuerdo.Status(value).label
    except ValueError:
        return value


@register.simple_tag
def minuta_event_sentence(event) -> str:
    from ..history import minuta_event_sentence as sentence

    return sentence(event)


@register.simple_tag
def acuerdo_event_change(event) -> str:
    """ "old → new" of an acuerdo history row, with labels instead of codes."""
    from ..history import acuerdo_event_values

    old, new = acuerdo_event_values(event)
    return f"{old or '—'} → {new or '—'}"


def _truncate(text: str, length: int) -> str:
    """truncatechars: Django's Truncator walks every character; a text no longer than `length`
    once NFC-normalised (what Truncator returns for it) is most acuerdos."""
    normal = unicodedata.normalize("NFC", text)
    return normal if len(normal) <= length else Truncator(text).chars(length)


@functools.lru_cache(maxsize=4096)
def _date_html(value, language: str) -> str:
    """|human_date of a date (not a datetime: its words depend on the time zone), escaped: a pure
    function of the date and the language, remembered across requests, since a group page writes
    a few hundred distinct due dates and session days, ~1 µs each (issue #17). Bounded: 4,096
    entries are years of days in both languages."""
    return esc(format_date(value, language=language))


class _Escaped:
    """HTML already escaped, for a tag's output: the template takes its __html__() text as it is
    (SimpleNode's conditional_escape), as it takes a SafeString, without mark_safe's copy of the
    text into one (a str subclass): the acuerdo rows are a third of a megabyte, and that copy
    of freshly allocated memory cost ~0.5 ms of each group page (issue #17). With autoescape off
    a node's output must be a str: `escaped` gives the text itself then."""

    __slots__ = ("html",)

    def __init__(self, html: str):
        self.html = html

    def __html__(self) -> str:
        return self.html

    __str__ = __html__


def escaped(context, html: str):
    return _Escaped(html) if context.autoescape else html


# The columns group_acuerdo_rows reads from each row, in one C call rather than ten lookups.
_ACUERDO_COLUMNS = operator.itemgetter(
    "pk", "session_id", "number", "kind", "text", "all_institutions", "due_date", "status_value",
    "is_provisional", "responsables_text")


@register.simple_tag(takes_context=True)
def group_acuerdo_rows(context, acuerdos, readable_sessions):
    """The group page's acuerdo rows (workspace.selectors.group_page dicts), written in Python: the
    same HTML as a {% for %} over them, without a template pass per row (a group lists hundreds
    of acuerdos: the loop was most of the page's time, issue #17). The badges are the shared
    partials, rendered once; tests/test_workspace_pages.py pins each cell."""
    provisional = render_to_string("agreements/_provisional_badge.html",
                                   {"acuerdo": {"is_provisional": True}})
    informational = render_to_string("agreements/_kind_badge.html",
                                     {"acuerdo": {"kind": Acuerdo.Kind.INFORMATIONAL}})
    # The first cell's badges after the number, by (provisional?, informational?).
    badges_after = {(False, False): "", (True, False): provisional,
                    (False, True): informational, (True, True): provisional + informational}
    all_institutions = conditional_escape(gettext("All institutions"))
    labels = {value: conditional_escape(label) for value, label in Acuerdo.Status.choices}
    language = get_language()  # format_date's, looked up once rather than per row
    # The session's minuta, or the acuerdo's follow-up page when the reader may not open it.
    session_before, session_after = _link_parts("workspace:session")
    before, after = _link_parts("followup:acuerdo")
    informational_kind = Acuerdo.Kind.INFORMATIONAL
    # Each distinct value written once: hundreds of rows share a few hundred due dates, a
    # handful of statuses, some dozens of responsables lists and a hundred sessions' links.
    dates = {None: "—"}  # |default:"—": no due date
    badges = {}
    responsables = {}
    session_links = {}
    out = []
    for (pk, session_id, number, kind, text, every, due, status, is_provisional,
         responsables_text) in map(_ACUERDO_COLUMNS, acuerdos):
        if session_id in readable_sessions:
            link = session_links.get(session_id)
            if link is None:
                link = session_links[session_id] = (
                    f'<a href="{session_before}{session_id}{session_after}#acuerdos">')
        else:
            link = f'<a href="{before}{pk}{after}">'
        badge = badges.get(status)
        if badge is None:
            badge = badges[status] = (f'<span class="badge {esc(status)}">'
                                      f"{labels.get(status, esc(status))}</span>")
        when = dates.get(due)
        if when is None:
            when = dates[due] = _date_html(due, language) or "—"
        if every:
            who = all_institutions
        else:
            who = responsables.get(responsables_text)
            if who is None:
                who = responsables[responsables_text] = esc(responsables_text)
        # The row's pieces, not a string of them: the one join below copies each piece once.
        out += ("<tr><td>", link, esc(number), "</a>",
                badges_after[is_provisional, kind == informational_kind], "</td><td>",
                esc(_truncate(text, 200)), "</td>\n  <td>", who, "</td>\n  <td>", when,
                "</td><td>", badge, "</td></tr>\n  ")
    return escaped(context, "".join(out))


@register.simple_tag
def group_session_rows(sessions, readable_sessions) -> str:
    """The group page's calendar rows, written in Python for the same reason as the acuerdo rows
    (a group holds about a hundred sessions over the years, each row a dozen template nodes)."""
    language = get_language()
    # get_status_display() builds its choices dict at each call: the labels, once.
    statuses = {value: conditional_escape(label) for value, label in Session.Status.choices}
    minuta_statuses = {value: conditional_escape(label)
                       for value, label in Session.MinutaStatus.choices}
    before, after = _link_parts("workspace:session")
    hours = {}
    out = []
    for s in sessions:
        code = esc(s.code)
        if s.pk in readable_sessions:
            code = f'<a href="{before}{s.pk}{after}">{code}</a>'
        # |time:"H:i": the start time is required, so never empty; a few distinct times a group.
        hour = hours.get(s.start_time)
        if hour is None:
            hour = hours[s.start_time] = f"{s.start_time:%H:%M}"
        when = f"{_date_html(s.date, language)} {hour}"
        revision = (" · " + gettext("rev. %(n)s") % {"n": s.revision}) if s.revision > 1 else ""
        out.append(
            f"<tr><td>{code}</td><td>{when}</td><td>{statuses.get(s.status, esc(s.status))}</td>"
            f'<td><span class="badge {esc(s.minuta_status)}">'
            f"{minuta_statuses.get(s.minuta_status, esc(s.minuta_status))}</span>{revision}"
            "</td></tr>\n  ")
    return mark_safe("".join(out))


@register.simple_tag
def group_member_items(members) -> str:
    """The group page's members list items (workspace.selectors.group_page's (institution,
    enlaces) pairs), written in Python as the rows are: a group has a few dozen members, each a
    dozen template nodes (issue #17). tests/test_group_page_rows.py compares it with the loop."""
    label = conditional_escape(gettext("Enlaces:"))
    out = []
    for institution, enlaces in members:
        out.append(f"\n    <li><strong>{esc(institution.acronym)}</strong> "
                   f"<small>{esc(institution.name)}</small>\n      ")
        if enlaces:
            people = "; ".join(f"{esc(p.name)} &lt;{esc(p.email)}&gt;" if p.email else esc(p.name)
                               for p in enlaces)
            out.append(f"<br><small>{label} {people}</small>")
        out.append("</li>\n  ")
    return mark_safe("".join(out))


@register.simple_tag
def form_field(field) -> str:
    """workspace/partials/field.html (without its `wide`) written in Python, for the group page's
    acuerdo filter (an {% include %} per field: the template looked up, a context pushed, a dozen
    nodes). tests/test_filter_field_tag.py renders both on bound forms with errors."""
    errors = field.errors
    required = ' <span aria-hidden="true">*</span>' if field.field.required else ""
    auto_id = conditional_escape(field.auto_id)
    html = (f'<div class="field{" has-error" if errors else ""}">\n'
            f'  <label for="{conditional_escape(field.id_for_label)}">'
            f"{conditional_escape(field.label)}{required}</label>\n  {field}\n  ")
    if field.help_text:
        html += (f'<small class="help" id="{auto_id}_helptext">'
                 f"{conditional_escape(field.help_text)}</small>")
    html += "\n  "
    if errors:
        html += (f'<span class="error" id="{auto_id}_error">'
                 + " ".join(conditional_escape(e) for e in errors) + "</span>")
    return mark_safe(html + "\n</div>\n")


@register.simple_tag
def filter_field(field) -> str:
    """workspace/partials/filter_field.html written in Python: a list page's filter form has a
    dozen fields, and an {% include %} per field (the template looked up, a context pushed, a
    dozen nodes) was a few milliseconds of every Mis acuerdos request (issue #17).
    tests/test_filter_field_tag.py renders both on bound forms with errors and help texts."""
    auto_id = conditional_escape(field.auto_id)
    html = f"<label>{conditional_escape(field.label)} {field}"
    if field.help_text:
        html += (f' <small class="help" id="{auto_id}_helptext">'
                 f"{conditional_escape(field.help_text)}</small>")
    html += "</label>"
    if field.errors:
        html += (f'<span class="error" id="{auto_id}_error">'
                 + " ".join(conditional_escape(e) for e in field.errors) + "</span>")
    return mark_safe(html + "\n")  # the partial's last newline
