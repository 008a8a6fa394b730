"""The Spanish of the Informe paragraph: lists, singulars, a body with its groups."""

import datetime as dt

from reports.paragraph import informe_paragraph, join_es, of_group
from reports.scope import GroupRow, ReportScope


def test_it_joins_lists_with_y_and_e_before_an_i_sound():
    assert join_es(["Sinaloa"]) == "Sinaloa"
    assert join_es(["Guerrero", "Sinaloa"]) == "Guerrero y Sinaloa"
    assert join_es(["tala ilegal", "migración", "hidrocarburos"]) == \
        "tala ilegal, migración e hidrocarburos"
    assert join_es(["Sonora", "Hierro"]) == "Sonora y Hierro"  # /ie/ is not /i/


def test_it_uses_the_article_of_the_group():
    assert of_group("Gabinete de Seguridad") == "del Gabinete de Seguridad"
    assert of_group("Mesa de Judicialización") == "de la Mesa de Judicialización"


def _figures(held, *, venues=(), rows=(), governors=None, adopted=0, fulfilled=0):
    by_category = []
    states = []
    if governors:
        people, sessions, states = governors
        by_category = [{"key": "governor", "label": "", "people": people, "sessions": sessions,
                        "states": len(states)}]
    return {
        "sessions": {"held": held, "by_venue": list(venues), "rows": list(rows),
                     "by_state": [], "by_country": []},
        "attendance": {"by_category": by_category},
        "category_states": {"governor": states},
        "acuerdos": {"adopted": adopted, "fulfilled": fulfilled, "cancelled": 0},
        "themes": [],
    }


def _scope(*names, under=0):
    groups = tuple(GroupRow(i, None, f"G{i}", n, None) for i, n in enumerate(names, start=1))
    extra = tuple(GroupRow(100 + i, 1, f"S{i}", f"Sub {i}", None) for i in range(under))
    return ReportScope(groups=groups + extra, start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31),
                       today=dt.date(2025, 4, 1), chosen_ids=tuple(g.pk for g in groups))


def test_it_says_when_nothing_was_held():
    assert informe_paragraph(scope=_scope("Mesa de Seguridad"), figures=_figures(0)) == (
        "Del 1 de enero de 2025 al 31 de marzo de 2025 no se realizaron sesiones de la Mesa de "
        "Seguridad.")


def test_it_writes_singulars_and_a_body_with_its_groups():
    venue = {"key": 1, "label": "Palacio Nacional", "state": "CDMX", "count": 1}
    gov = [{"key": "SIN", "label": "Sinaloa", "sessions": 1, "people": 1, "women": 1, "men": 0}]
    text = informe_paragraph(
        scope=_scope("Gabinete de Seguridad", under=2),
        figures=_figures(1, venues=[venue], governors=(1, 1, gov), adopted=1))
    assert text == (
        "Del 1 de enero de 2025 al 31 de marzo de 2025 se realizó 1 sesión del Gabinete de "
        "Seguridad y sus 2 grupos. A 1 sesión asistió 1 gobernadora del estado de Sinaloa. "
        "Esta coordinación permitió alcanzar el acuerdo.")


def test_it_counts_sessions_in_states_abroad_and_virtual_apart_from_the_main_venue():
    venue = {"key": 1, "label": "Palacio Nacional", "state": "CDMX", "count": 5}
    rows = [
        {"venue_id": 1, "st": "CDMX", "ctry": "MX", "n": 5},
        {"venue_id": 2, "st": "SIN", "ctry": "MX", "n": 2},
        {"venue_id": 3, "st": "", "ctry": "US", "n": 1},
        {"venue_id": None, "st": "", "ctry": "MX", "n": 3},
    ]
    text = informe_paragraph(scope=_scope("Gabinete de Seguridad"),
                             figures=_figures(11, venues=[venue], rows=rows))
    assert ("se realizaron 11 sesiones del Gabinete de Seguridad, de las cuales 5 fueron en "
            "Palacio Nacional, 2 en la entidad federativa de Sinaloa, 1 en el extranjero "
            "(Estados Unidos) y 3 a distancia o sin sede registrada.") in text
