"""The dashboard's matrix rows written in Python (followup templatetags overdue_matrix_rows, issue
#17) are the HTML the template loop they replaced wrote: the loop is kept here, verbatim, and
rendered over the page's own context. The data reaches markup characters in an acronym and numbers
of four digits (as formats.localize writes them), and the empty matrix."""

import re

import pytest
import time_machine
from django.template import engines

from directory.models import Institution
from followup.selectors import overdue_matrix

from .followup_helpers import user
from .test_part_list_rows import TODAY

pytestmark = pytest.mark.django_db

OLD_ROWS = """{% load i18n %}{% url 'followup:parts' as list %}
  <tbody>
  {% for row in matrix %}
    <tr>
      <td>{{ row.acuerdo__group__acronym }}</td><td>{{ row.institution__acronym }}</td>
      {% with n=row.shown %}<td><a href="{{ list }}{{ row.list_query }}overdue">{{ n.total }}</a></td>
      <td><a href="{{ list }}{{ row.list_query }}overdue_1_7">{{ n.overdue_1_7 }}</a></td>
      <td><a href="{{ list }}{{ row.list_query }}overdue_8_30">{{ n.overdue_8_30 }}</a></td>
      <td><a href="{{ list }}{{ row.list_query }}overdue_31_90">{{ n.overdue_31_90 }}</a></td>
      <td><a href="{{ list }}{{ row.list_query }}overdue_91">{{ n.overdue_91 }}</a></td>{% endwith %}
    </tr>
  {% empty %}
    <tr class="empty"><td colspan="7"><strong>{% translate "Nothing is overdue." %}</strong> {% translate "Acuerdos due in the next days are in My acuerdos." %}</td></tr>
  {% endfor %}
  </tbody>"""  # noqa: E501 (the template lines as they were)


def _old(response):
    return engines["django"].from_string(OLD_ROWS).render(
        {"matrix": response.context["matrix"]}, request=response.wsgi_request)


@pytest.mark.parametrize("language", ["es-mx", "en"])
@time_machine.travel(TODAY, tick=False)
def test_the_matrix_rows_are_what_the_template_loop_wrote(demo, client, language, monkeypatch):
    Institution.objects.filter(acronym="FGR").update(acronym='F&G <R> "1"')

    def with_big_numbers(groups, day):  # four digits
        rows = overdue_matrix(groups, day)
        rows[0]["overdue_91"] = 1234
        return rows

    monkeypatch.setattr("followup.views.selectors.overdue_matrix", with_big_numbers)
    client.force_login(user("coordinador"))
    response = client.get("/coordinacion/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    rows = _old(response)
    assert rows in html
    assert rows.count("<tr>") == len(response.context["matrix"]) >= 2
    assert "F&amp;G &lt;R&gt; &quot;1&quot;" in rows and "&amp;role=responsable" in rows
    assert re.search(r">1[,.\u00a0]?234</a>", rows)  # as formats.localize wrote it


@time_machine.travel(TODAY, tick=False)
def test_no_overdue_part_is_the_empty_row(demo, client, monkeypatch):
    monkeypatch.setattr("followup.views.selectors.overdue_matrix", lambda groups, day: [])
    client.force_login(user("coordinador"))
    response = client.get("/coordinacion/")
    rows = _old(response)
    assert '<tr class="empty">' in rows
    assert rows in response.content.decode()
