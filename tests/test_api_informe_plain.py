"""GET /api/v1/informe/ builds its JSON with api.informe_serializers.informe_plain, not through
InformeSerializer (the schema's): the two must give the same keys, in the same order, and the
same values."""

import datetime as dt
import json

import pytest
from rest_framework.renderers import JSONRenderer

from api.informe_serializers import InformeSerializer, informe_data, informe_plain
from reports.paragraph import informe_paragraph
from reports.scope import build_scope
from reports.selectors import report_figures

from .informe_data import END, START, gabinete  # noqa: F401 (a fixture)

TODAY = dt.date(2025, 7, 15)


def _both(data):
    fast, slow = informe_plain(data), InformeSerializer(data).data
    return JSONRenderer().render(fast), JSONRenderer().render(slow)


@pytest.mark.django_db
@pytest.mark.parametrize("period", [(START, END), (dt.date(2030, 1, 1), dt.date(2030, 1, 31))])
def test_it_gives_the_serializers_json_byte_for_byte(gabinete, period):
    # The second period has no session: zeros, empty lists and a compliance of None.
    scope = build_scope(chosen_ids=[gabinete["group"].pk], include_descendants=True,
                        start=period[0], end=period[1], today=TODAY)
    figures = report_figures(scope)
    data = informe_data(scope=scope, figures=figures,
                        paragraph=informe_paragraph(scope=scope, figures=figures))
    fast, slow = _both(data)
    assert fast == slow
    assert json.loads(fast)["sessions"]["held"] == (188 if period == (START, END) else 0)


def test_it_converts_each_kind_of_field_as_drf_does():
    month = {"month": dt.date(2025, 1, 1), "sessions": 2, "acuerdos": 3}
    group = {"key": 7, "label": "GS", "name": "Gabinete", "sessions_held": 1,
             "sessions_regional": 0, "acuerdos_adopted": 4, "acuerdos_fulfilled": 1,
             "compliance": None, "extra": "dropped"}
    data = {
        "start": dt.date(2025, 1, 1), "end": "2025-12-31", "as_of": dt.date(2025, 7, 15),
        "groups": ["GS", 12], "left_out": [], "paragraph": "Texto",
        "sessions": {"held": 1, "cancelled": 0, "by_type": [{"key": "SO", "label": "Ordinaria",
                                                               "count": 1}],
                     "by_modality": [], "by_scope": [], "by_venue": [{"key": 3, "label": "Sede",
                                                                       "count": 1}],
                     "by_state": [], "by_country": [], "rows": ["dropped"]},
        "acuerdos": {"adopted": 4, "fulfilled": 1, "in_progress": 1, "pending": 1, "overdue": 0,
                     "cancelled": 1, "compliance": 33.3},
        "attendance": {"attendances": 0, "people": 0, "institutions": 0, "states": 0,
                       "by_category": [], "by_state": [], "by_sex": []},
        "category_states": [], "themes": [], "member_groups": [group], "months": [month],
        "institutions": [{"label": "SSPC", "parts": 2, "fulfilled": 2, "compliance": 100}],
    }
    fast, slow = _both(data)
    assert fast == slow
    assert json.loads(fast)["institutions"][0]["compliance"] == 100.0  # a float, as DRF's
