"""Issue 12, "Done when": the Gabinete de Seguridad sentence from data built through the services.
The page, the API and the paragraph give exactly the figures of the public report."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.paragraph import informe_paragraph
from reports.scope import build_scope
from reports.selectors import report_figures


from .factories import GroupFactory, UserFactory
from .informe_data import END, SENTENCE, START, gabinete  # noqa: F401 (a fixture)

TODAY = dt.date(2025, 7, 15)


def _scope(data):
    return build_scope(chosen_ids=[data["group"].pk], include_descendants=True, start=START,
                       end=END, today=TODAY)


@pytest.mark.django_db
def test_it_gives_the_figures_of_the_sentence(gabinete):
    figures = report_figures(_scope(gabinete))
    sessions = figures["sessions"]
    assert (sessions["held"], sessions["cancelled"]) == (188, 1)
    assert sessions["by_venue"][0]["label"] == "Palacio Nacional"
    assert sessions["by_venue"][0]["count"] == 184
    assert [(s["label"], s["count"]) for s in sessions["by_state"]] == [
        ("Baja California Sur", 1), ("Ciudad de México", 184), ("Guerrero", 1), ("Querétaro", 1),
        ("Sinaloa", 1)]
    governors = next(c for c in figures["attendance"]["by_category"] if c["key"] == "governor")
    assert (governors["sessions"], governors["people"], governors["states"]) == (25, 14, 14)
    per_state = {s["key"]: s["sessions"] for s in figures["category_states"]["governor"]}
    assert per_state == {"BCS": 2, "CHIH": 1, "GRO": 3, "GTO": 1, "JAL": 1, "MICH": 3, "MOR": 1,
                         "NL": 1, "QRO": 2, "SIN": 4, "SON": 3, "TAMPS": 1, "VER": 2, "ZAC": 1}
    acuerdos = figures["acuerdos"]
    assert (acuerdos["adopted"], acuerdos["fulfilled"], acuerdos["cancelled"]) == (655, 60, 5)
    assert acuerdos["compliance"] == round(100 * 60 / 650, 1)


@pytest.mark.django_db
def test_it_writes_the_paragraph_like_the_sentence(gabinete):
    scope = _scope(gabinete)
    assert informe_paragraph(scope=scope, figures=report_figures(scope)) == SENTENCE


@pytest.mark.django_db
def test_it_counts_in_a_constant_number_of_queries(gabinete):
    scope = _scope(gabinete)
    with CaptureQueriesContext(connection) as whole:
        report_figures(scope)
    short = build_scope(chosen_ids=[gabinete["group"].pk], include_descendants=True,
                        start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31), today=TODAY)
    with CaptureQueriesContext(connection) as month:
        report_figures(short)
    # sessions: one query per group, status, kind and place (counts, places and per group are
    # its sums), and one of held sessions per month; acuerdos: one query
    # (reports.selectors.acuerdo_pass: per group by status — the totals are its sums — per
    # month, per institution and the themes' tagged exceptions, as one UNION ALL; it replaced
    # three count_by_status queries, the acuerdos per month and the parts per institution);
    # attendance: one query for its totals, by category, by state, by sex and category × state
    # (reports.selectors.attendance_figures); themes: the themes, their carriers, tagged
    # sessions (only the first when no theme applies, as here) — 5 whatever the period (7 with
    # themes, see test_load_demo).
    assert len(whole) == len(month) == 5
    # The page leaves out what only its charts draw (reports.views.PAGE_SECTIONS): held sessions
    # per month (1; per institution and the acuerdos per month ride in acuerdo_pass); the same
    # numbers for the rest.
    from reports.views import PAGE_SECTIONS

    with CaptureQueriesContext(connection) as page:
        figures = report_figures(scope, PAGE_SECTIONS)
    assert len(page) == 4
    assert figures == {k: v for k, v in report_figures(scope).items() if k in PAGE_SECTIONS}
    # A chart alone counts its figure with its own queries (no acuerdo status needed): the same
    # numbers as acuerdo_pass gives the whole report.
    whole_figures = report_figures(scope)
    for section, queries in (("months", 2), ("institutions", 1)):
        with CaptureQueriesContext(connection) as chart:
            alone = report_figures(scope, [section])
        assert alone == {section: whole_figures[section]} and whole_figures[section]
        assert len(chart) == queries


def _get(client, gabinete, path="/informe/", **extra):
    params = {"groups": gabinete["group"].pk, "family": "on", "preset": "custom",
              "start": START.isoformat(), "end": END.isoformat(), **extra}
    return client.get(path, params, HTTP_ACCEPT_LANGUAGE="es")


@pytest.fixture
def coordinator(client, gabinete):
    user = UserFactory(username="coordinadora")
    gabinete["group"].coordinators.add(user)
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_it_shows_the_figures_and_the_paragraph_on_the_page(client, gabinete, coordinator):
    import time_machine

    with time_machine.travel(dt.datetime(2025, 7, 15, 12, tzinfo=dt.timezone.utc), tick=False):
        response = _get(client, gabinete)
    html = response.content.decode()
    assert response.status_code == 200
    assert SENTENCE in html
    assert '<strong>188</strong>' in html and '<strong>655</strong>' in html
    assert '<strong>1</strong>' in html  # the cancelled session, apart


@pytest.mark.django_db
def test_it_links_each_figure_to_the_rows_it_counts(client, gabinete, coordinator):
    palacio = gabinete["palacio"].pk
    response = _get(client, gabinete, "/informe/filas/sessions/", venue=palacio)
    assert response.status_code == 200
    assert "<h1>Sesiones: 184</h1>" in response.content.decode()
    response = _get(client, gabinete, "/informe/filas/attendance/", category="governor",
                    state="SIN")
    assert response.content.decode().count("Gobernador(a) de SIN") == 4
    response = _get(client, gabinete, "/informe/filas/sessions/", attended_by="governor")
    assert "<h1>Sesiones: 25</h1>" in response.content.decode()


@pytest.mark.django_db
def test_a_row_filter_that_is_no_id_shows_no_rows(client, gabinete, coordinator):
    # Typed in the address bar: a venue, group or theme that is no id matches nothing (was a
    # 500: the value reached the database as an integer).
    for kind, name in (("sessions", "venue"), ("sessions", "theme"), ("acuerdos", "group"),
                       ("acuerdos", "theme")):
        for value in ("abc", "9" * 30, "²"):
            response = _get(client, gabinete, f"/informe/filas/{kind}/", **{name: value})
            assert response.status_code == 200, (kind, name, value)
            assert ": 0</h1>" in response.content.decode(), (kind, name, value)


@pytest.mark.django_db
def test_it_refuses_a_group_the_user_does_not_follow(client, gabinete):
    user = UserFactory(username="otra")
    other = __import__("tests.factories", fromlist=["GroupFactory"]).GroupFactory()
    other.coordinators.add(user)
    client.force_login(user)
    response = _get(client, gabinete)
    assert response.status_code == 200
    assert "188" not in response.content.decode()
    assert response.context["scope"] is None


@pytest.mark.django_db
def test_it_exports_xlsx_with_a_sheet_per_breakdown_and_dates_as_dates(client, gabinete,
                                                                        coordinator):
    import io

    from openpyxl import load_workbook

    response = _get(client, gabinete, "/informe/exportar.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book["Párrafo"]["A2"].value == SENTENCE
    summary = {row[0]: row[1] for row in book["Resumen"].iter_rows(min_row=2, values_only=True)}
    assert summary["Sesiones realizadas"] == 188 and summary["Acuerdos adoptados"] == 655
    assert summary["Periodo: desde"].date() == START
    venues = list(book["Sesiones por sede"].iter_rows(min_row=2, values_only=True))
    assert venues[0] == ("Palacio Nacional", 184)
    months = list(book["Por mes"].iter_rows(min_row=2, values_only=True))
    assert sum(m[1] for m in months) == 188 and months[0][0].date() == dt.date(2024, 10, 1)


@pytest.mark.django_db
def test_it_exports_the_paragraph_and_tables_in_docx_and_csv(client, gabinete, coordinator):
    import io

    from docx import Document

    document = Document(io.BytesIO(_get(client, gabinete, "/informe/exportar.docx").content))
    assert SENTENCE in [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Palacio Nacional" in cells and "184" in cells
    csv = b"".join(_get(client, gabinete, "/informe/exportar.csv").streaming_content).decode()
    assert "Sesiones por sede,Palacio Nacional,184" in csv


@pytest.mark.django_db
def test_it_draws_the_charts_as_svg(client, gabinete, coordinator):
    svg = _get(client, gabinete, "/informe/graficas/meses.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    body = svg.content.decode()
    assert body.count('class="bar-sessions"') == 9  # October to June
    assert "http://" not in body.replace("http://www.w3.org/2000/svg", "")
    bars = _get(client, gabinete, "/informe/graficas/instituciones.svg").content.decode()
    assert "SSPC" in bars and "9.2 %" in bars


# --- GET /api/v1/informe/ -------------------------------------------------------------------


def _token(client, username, group=None):
    user = UserFactory(username=username)
    if group is not None:
        group.coordinators.add(user)
    from api.tokens import token_issue

    return {"HTTP_AUTHORIZATION": f"Token {token_issue(user=user)[1]}"}


def _params(gabinete, **extra):
    return {"groups": gabinete["group"].pk, "family": "true", "preset": "custom",
            "start": START.isoformat(), "end": END.isoformat(), **extra}


@pytest.mark.django_db
def test_it_gives_the_same_figures_and_paragraph_in_the_api(client, gabinete):
    auth = _token(client, "coord", gabinete["group"])
    body = client.get("/api/v1/informe/", _params(gabinete), **auth).json()
    assert body["sessions"]["held"] == 188
    assert body["sessions"]["cancelled"] == 1
    assert body["sessions"]["by_venue"][0] == {
        "key": str(gabinete["palacio"].pk), "label": "Palacio Nacional", "count": 184}
    states = [s["label"] for s in body["sessions"]["by_state"] if s["label"] != "Ciudad de México"]
    assert states == ["Baja California Sur", "Guerrero", "Querétaro", "Sinaloa"]
    governors = next(c for c in body["attendance"]["by_category"] if c["key"] == "governor")
    assert (governors["sessions"], governors["people"], governors["states"]) == (25, 14, 14)
    assert body["acuerdos"]["adopted"] == 655
    assert body["paragraph"] == SENTENCE


@pytest.mark.django_db
def test_it_says_in_the_api_what_is_wrong_with_the_parameters(client, gabinete):
    auth = _token(client, "coord2", gabinete["group"])
    response = client.get("/api/v1/informe/", _params(gabinete, start="2025-07-01"), **auth)
    assert response.status_code == 400
    assert "end" in response.json()["fields"]


@pytest.mark.django_db
def test_it_hides_in_the_api_groups_the_user_does_not_follow(client, gabinete):
    auth = _token(client, "other", GroupFactory())
    response = client.get("/api/v1/informe/", _params(gabinete), **auth)
    assert response.status_code == 400
    assert "groups" in response.json()["fields"]
    assert client.get("/api/v1/informe/", _params(gabinete)).status_code == 401


@pytest.mark.django_db
def test_it_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/informe/" in schema
    assert "compliance" in schema and "category_states" in schema


def test_an_id_too_large_for_the_database_is_a_form_error_not_a_500(db):
    # SQLite cannot bind an integer past 64 bits: the form refuses it as an unknown choice.
    import datetime

    from meetings.models import WorkingGroup
    from reports.forms import InformeForm

    form = InformeForm({"groups": ["1"], "themes": [str(2**107)], "preset": "informe"},
                       groups=WorkingGroup.objects.all(), today=datetime.date(2026, 12, 2))
    assert not form.is_valid() and "themes" in form.errors
