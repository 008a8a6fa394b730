"""The rows of Mis acuerdos written in Python (followup templatetags, issue #17) are the HTML the
template loop they replaced wrote: the loop is kept here, verbatim, and rendered over the same
context (the CSRF tokens of the review forms aside: each render masks the token anew). The data
reaches every branch: overdue parts, days left, a fulfilled part, no due date, a provisional
acuerdo, a pending due-date request, a reported part with evidence and one without, text with
markup characters and a text cut after 30 words, in Spanish and English."""

import datetime as dt
import re

import pytest
import time_machine
from django.template import engines

from agreements.models import Acuerdo, Responsibility
from followup import services
from followup.models import ProgressReport
from tracker import access

from .followup_helpers import pdf, user

pytestmark = pytest.mark.django_db
TODAY = "2026-11-21 10:00 -06:00"

OLD_ROWS = """{% load i18n %}{% for row in page.rows %}
    <tr class="{% if row.is_overdue %}overdue{% endif %}">
      <td><a href="{% url 'followup:acuerdo' row.acuerdo_id %}">{{ row.acuerdo.number }}</a>{% if row.acuerdo.is_provisional %}{% include "agreements/_provisional_badge.html" with acuerdo=row.acuerdo %}{% endif %}</td>
      <td>{{ row.acuerdo.group.acronym }}</td>
      <td>{{ row.acuerdo.session.code }} · {{ row.acuerdo.session.date|date:"SHORT_DATE_FORMAT" }}</td>
      <td>{{ row.acuerdo.text|truncatewords:30 }}</td>
      <td>{{ row.institution.acronym }}</td>
      <td>{{ row.get_role_display }}</td>
      <td><span class="badge {{ row.status }}">{{ row.get_status_display }}</span>{% if row.has_pending_request %}<br><small>{% translate "New due date requested" %}</small>{% endif %}
        {% if row.pending_report %}{% with report=row.pending_report %}<div class="review" id="review-{{ report.pk }}">
          <small>{{ report.comment|default:"—"|truncatewords:40 }}</small>
          {% if report.evidence.all %}<ul class="evidence">{% for file in report.evidence.all %}<li><a href="{% url 'followup:evidence' file.pk %}">{{ file.original_name }}</a></li>{% endfor %}</ul>
          {% else %}<br><small>{% translate "No evidence attached." %}</small>{% endif %}
          <form method="post" action="{% url 'followup:report_validate' report.pk %}">{% csrf_token %}
            <input type="hidden" name="next" value="{{ request.get_full_path }}">
            <button type="submit" aria-label="{% blocktranslate with n=row.acuerdo.number i=row.institution.acronym %}Validate {{ n }} for {{ i }}{% endblocktranslate %}">{% translate "Validate" %}</button></form>
          <a href="{% url 'followup:acuerdo' row.acuerdo_id %}#part-{{ row.pk }}">{% translate "Return with a reason…" %}</a>
        </div>{% endwith %}{% endif %}</td>
      <td><span class="status status-{{ row.overall }}">{{ row.overall_label }}</span></td>
      <td>{% if row.acuerdo.due_date %}{{ row.acuerdo.due_date|date:"SHORT_DATE_FORMAT" }}<br>
        <small>{% if row.is_overdue %}{% blocktranslate count days=row.days_overdue %}{{ days }} day overdue{% plural %}{{ days }} days overdue{% endblocktranslate %}{% elif row.days_left is not None and row.days_left >= 0 and row.status != "fulfilled" %}{% blocktranslate count days=row.days_left %}{{ days }} day left{% plural %}{{ days }} days left{% endblocktranslate %}{% endif %}</small>
      {% else %}—{% endif %}</td>
    </tr>
  {% empty %}
    <tr class="empty"><td colspan="9"><strong>{% translate "No acuerdos match these filters." %}</strong> {% translate "Clear the filters to see every acuerdo you follow." %}</td></tr>
  {% endfor %}"""  # noqa: E501 (the template lines as they were)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _old(response):
    html = engines["django"].from_string(OLD_ROWS).render(
        {"page": response.context["page"]}, request=response.wsgi_request)
    return CSRF.sub("csrf", html)


def _variety():
    """Add to the demo data what it lacks for some branches: two parts reported in a group of the
    secretariat (with evidence, and without), a new due date asked for, an acuerdo 1 day overdue,
    one without a due date, one with a long text with markup characters."""
    enlace = user("enlace.fgr")
    day = dt.date(2026, 11, 21)
    mine = access.groups_editable_by(user("secretaria"))
    open_parts = (Responsibility.objects.filter(
        acuerdo__kind=Acuerdo.Kind.COMMITMENT, acuerdo__cancelled_at__isnull=True,
        acuerdo__due_date__lt=day,  # overdue: the one acuerdo due later keeps its days left
        status__in=[Responsibility.Status.PENDING, Responsibility.Status.IN_PROGRESS])
        .order_by("pk"))
    fgr = list(open_parts.filter(institution__acronym="FGR", acuerdo__group__in=mine))
    other = list(open_parts.filter(acuerdo__group__in=mine).exclude(institution__acronym="FGR"))
    later = list(open_parts.filter(institution__acronym="FGR").exclude(acuerdo__group__in=mine))
    assert fgr and other and later
    services.progress_report(responsibility=fgr[0], status="reported",
                             comment="Protocolo <presentado> & firmado", files=[pdf()],
                             actor=enlace)
    # A report without evidence nor comment (an enlace's form refuses that: written directly).
    ProgressReport.objects.create(responsibility=other[0], kind=ProgressReport.Kind.FULFILLED,
                                  review=ProgressReport.Review.PENDING, actor=enlace)
    Responsibility.objects.filter(pk=other[0].pk).update(status=Responsibility.Status.REPORTED)
    services.due_date_request(responsibility=later[0], new_date=dt.date(2027, 3, 1),
                              reason="Falta presupuesto", actor=enlace)
    Acuerdo.objects.filter(pk=later[0].acuerdo_id).update(due_date=day - dt.timedelta(days=1))
    open_parts = [fgr[0], other[0], later[0]]
    others = list(Acuerdo.objects.filter(kind=Acuerdo.Kind.COMMITMENT,
                                         due_date__lt=dt.date(2026, 1, 1))  # keep the days left
                  .exclude(pk__in=[p.acuerdo_id for p in open_parts]).order_by("pk")[:2])
    Acuerdo.objects.filter(pk=others[0].pk).update(
        text="Revisar <b>el protocolo</b> & " + "palabra " * 40 + "final")
    Acuerdo.objects.filter(pk=others[1].pk).update(due_date=None)


@pytest.mark.parametrize("language", ["es-mx", "en"])
@time_machine.travel(TODAY, tick=False)
def test_the_rows_are_what_the_template_loop_wrote(demo, client, language):
    _variety()
    seen = {}
    for persona in ("secretaria", "coordinador", "enlace.fgr"):
        client.force_login(user(persona))
        seen[persona] = ""
        for number in range(1, 20):
            response = client.get(f"/acuerdos/?page={number}", HTTP_ACCEPT_LANGUAGE=language)
            if not response.context["page"].rows:
                break
            html = CSRF.sub("csrf", response.content.decode())
            rows = _old(response)
            assert f"<tbody>\n  {rows}\n  </tbody>" in html
            seen[persona] += rows
    # Every branch is on the pages, so the comparisons above covered it.
    every = "".join(seen.values())
    assert 'class="overdue"' in every and "<td>—</td>" in every
    assert ("1 day overdue" if language == "en" else "tiene 1 día de atraso") in every
    assert ("days left" if language == "en" else "Faltan ") in every
    assert "provisional" in every and "badge fulfilled" in every
    requested = "New due date requested" if language == "en" else "Nueva fecha de cumplimiento"
    assert requested in every
    assert "&lt;b&gt;el protocolo&lt;/b&gt; &amp;" in every and "palabra …" in every
    # The secretariat validates in place: a review box per reported part, with its evidence.
    assert 'class="review"' not in seen["coordinador"] + seen["enlace.fgr"]
    review = seen["secretaria"]
    assert review.count('class="review"') == 2 and 'class="evidence"' in review
    assert "&lt;presentado&gt; &amp;" in review and "csrf" in review
    assert ("No evidence attached." if language == "en" else "Sin evidencia adjunta.") in review


def test_no_rows_is_the_empty_row(demo, client):
    client.force_login(user("enlace.fgr"))
    html = client.get("/acuerdos/?q=ningun-acuerdo-dice-esto").content.decode()
    assert '<tbody>\n  \n    <tr class="empty"><td colspan="9"><strong>' in html
