"""The rows of "Mis acuerdos" written in Python: the same HTML as the {% for %} loop they replace
(kept verbatim in tests/test_part_list_rows.py, which renders both over one context), without a
template pass per row. A page is 50 rows of a dozen cells, each cell a variable lookup, a filter, a
url or a translation: that loop was most of the page's Python time (issue #17)."""

from html import escape as esc  # Django's escape, without its lazy-string wrapper (plain str here)

from django import template
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from agreements.models import Responsibility
from tracker.dates import numeric_date_formatter
from tracker.links import IdLink

register = template.Library()

@register.simple_tag(takes_context=True)
def part_rows(context, rows) -> str:
    """The <tr> of each row of followup.views.part_list (decorated by selectors.decorate and
    selectors.attach_pending_reports). A pending report's review box (a form with its CSRF token,
    the evidence list) stays a template, followup/_part_review.html, rendered only for the rows
    that have one: few on a page, and none for an enlace."""
    review = None
    # reverse() once per page (tracker.links): the row's id put in its place.
    link = IdLink("followup:acuerdo")
    before, after = link.before, link.after
    # The |date:"SHORT_DATE_FORMAT" of each cell, its format looked up and compiled once.
    short_date = numeric_date_formatter(get_format("SHORT_DATE_FORMAT"))
    dates = {}

    def date(value):
        if value not in dates:
            dates[value] = esc(short_date(value))
        return dates[value]

    roles = {v: conditional_escape(label) for v, label in Responsibility.Role.choices}
    statuses = {v: conditional_escape(label) for v, label in Responsibility.Status.choices}
    provisional = None
    requested = f"<br><small>{conditional_escape(gettext('New due date requested'))}</small>"
    out = []
    for row in rows:
        acuerdo = row.acuerdo
        number = esc(acuerdo.number)
        badge = ""
        if acuerdo.is_provisional:
            if provisional is None:
                provisional = template.loader.render_to_string(
                    "agreements/_provisional_badge.html", {"acuerdo": {"is_provisional": True}})
            badge = provisional
        session = acuerdo.session
        status = row.status
        pending = ""
        if row.pending_report:
            if review is None:
                review = context.template.engine.get_template("followup/_part_review.html")
            with context.push(row=row):
                pending = review.render(context)
        due = acuerdo.due_date
        if due:
            if row.is_overdue:
                days = row.days_overdue
                note = ngettext("%(days)s day overdue", "%(days)s days overdue", days)
            elif row.days_left is not None and row.days_left >= 0 and status != "fulfilled":
                days = row.days_left
                note = ngettext("%(days)s day left", "%(days)s days left", days)
            else:
                note = None
            note = note % {"days": days} if note else ""
            due_cell = f"{date(due)}<br>\n        <small>{note}</small>\n      "
        else:
            due_cell = "—"
        out.append(
            f'\n    <tr class="{"overdue" if row.is_overdue else ""}">\n'
            f'      <td><a href="{before}{row.acuerdo_id}{after}">{number}</a>{badge}</td>\n'
            f"      <td>{esc(acuerdo.group.acronym)}</td>\n"
            f"      <td>{esc(session.code)} · {date(session.date)}</td>\n"
            f'      <td>{esc(Truncator(acuerdo.text).words(30, truncate=" …"))}</td>\n'
            f"      <td>{esc(row.institution.acronym)}</td>\n"
            f"      <td>{roles.get(row.role, esc(row.role))}</td>\n"
            f'      <td><span class="badge {esc(status)}">'
            f"{statuses.get(status, esc(status))}</span>"
            f"{requested if row.has_pending_request else ''}\n"
            f"        {pending}</td>\n"
            f'      <td><span class="status status-{esc(row.overall)}">'
            f"{conditional_escape(row.overall_label)}</span></td>\n"
            f"      <td>{due_cell}</td>\n"
            "    </tr>\n  ")
    return mark_safe("".join(out))


@register.simple_tag
def overdue_matrix_rows(matrix, list_url) -> str:
    """The dashboard's matrix rows (followup.views.dashboard: each row's `list_query` and its
    numbers as `shown`, localized once), written in Python: the same HTML as the {% for %} loop
    they replace (kept verbatim in tests/test_dashboard_rows.py, which renders both), without a
    template pass per row. A coordinator's matrix has hundreds of rows of seventeen variables:
    the loop was most of the page's Python time (issue #17)."""
    url = esc(str(list_url))
    out = []
    for row in matrix:
        n = row["shown"]
        link = url + esc(str(row["list_query"]))
        out.append(
            "\n    <tr>\n"
            f"      <td>{esc(str(row['acuerdo__group__acronym']))}</td>"
            f"<td>{esc(str(row['institution__acronym']))}</td>\n"
            f'      <td><a href="{link}overdue">{esc(str(n["total"]))}</a></td>\n'
            f'      <td><a href="{link}overdue_1_7">{esc(str(n["overdue_1_7"]))}</a></td>\n'
            f'      <td><a href="{link}overdue_8_30">{esc(str(n["overdue_8_30"]))}</a></td>\n'
            f'      <td><a href="{link}overdue_31_90">{esc(str(n["overdue_31_90"]))}</a></td>\n'
            f'      <td><a href="{link}overdue_91">{esc(str(n["overdue_91"]))}</a></td>\n'
            "    </tr>\n  ")
    return mark_safe("".join(out))
