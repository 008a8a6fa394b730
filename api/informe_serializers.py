"""The Informe in the API (GET /api/v1/informe/): the same figures as the page, documented field by
field in the OpenAPI schema. See docs/informe.md for how each figure is defined."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


class CountSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Code: a type, modality, scope, venue id, state, country.")
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Sessions held.")


class SessionsSerializer(serializers.Serializer):
    held = serializers.IntegerField(help_text="Sessions marked held in the period.")
    cancelled = serializers.IntegerField(help_text="Sessions cancelled in the period (apart).")
    by_type = CountSerializer(many=True)
    by_modality = CountSerializer(many=True)
    by_scope = CountSerializer(many=True)
    by_venue = CountSerializer(many=True)
    by_state = CountSerializer(many=True, help_text="The session's state, else its venue's.")
    by_country = CountSerializer(many=True)


class AcuerdosSerializer(serializers.Serializer):
    adopted = serializers.IntegerField(help_text="Acuerdos of the held sessions counted.")
    fulfilled = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    pending = serializers.IntegerField()
    overdue = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    compliance = serializers.FloatField(
        allow_null=True, help_text="fulfilled / (adopted − cancelled) × 100, one decimal.")


class CategorySerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    people = serializers.IntegerField(help_text="Distinct people who attended as this.")
    sessions = serializers.IntegerField(help_text="Distinct sessions they attended.")
    states = serializers.IntegerField(help_text="Distinct states they represented.")


class StatePeopleSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    people = serializers.IntegerField()
    sessions = serializers.IntegerField()


class SexSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    people = serializers.IntegerField()


@extend_schema_serializer(component_name="InformeAttendance")
class AttendanceSerializer(serializers.Serializer):
    attendances = serializers.IntegerField(help_text="Present attendances (a person per session).")
    people = serializers.IntegerField(help_text="Distinct participants.")
    institutions = serializers.IntegerField(help_text="Distinct institutions.")
    states = serializers.IntegerField(help_text="Distinct states represented.")
    by_category = CategorySerializer(many=True)
    by_state = StatePeopleSerializer(many=True)
    by_sex = SexSerializer(many=True)


class CategoryStateSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="State code.")
    label = serializers.CharField()
    sessions = serializers.IntegerField(help_text="Sessions attended by this category for it.")
    people = serializers.IntegerField()
    women = serializers.IntegerField()
    men = serializers.IntegerField()


class CategoryStatesSerializer(serializers.Serializer):
    category = serializers.CharField()
    states = CategoryStateSerializer(many=True)


class ThemeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField(help_text="The theme's slug.")
    label = serializers.CharField()
    sessions_held = serializers.IntegerField()
    sessions_regional = serializers.IntegerField(help_text="Interstate / regional sessions.")
    acuerdos_adopted = serializers.IntegerField()
    acuerdos_fulfilled = serializers.IntegerField()


class GroupFiguresSerializer(serializers.Serializer):
    key = serializers.IntegerField(help_text="Group id.")
    label = serializers.CharField(help_text="Acronym.")
    name = serializers.CharField()
    sessions_held = serializers.IntegerField()
    sessions_regional = serializers.IntegerField()
    acuerdos_adopted = serializers.IntegerField()
    acuerdos_fulfilled = serializers.IntegerField()
    compliance = serializers.FloatField(allow_null=True)


class MonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="First day of the month.")
    sessions = serializers.IntegerField()
    acuerdos = serializers.IntegerField()


class InstitutionFiguresSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="Acronym.")
    parts = serializers.IntegerField(help_text="Responsible parts of adopted, not cancelled acuerdos.")
    fulfilled = serializers.IntegerField()
    compliance = serializers.FloatField(allow_null=True)


class InformeSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    as_of = serializers.DateField(help_text="Acuerdo statuses are as of this day.")
    groups = serializers.ListField(child=serializers.CharField(), help_text="Acronyms counted.")
    left_out = serializers.ListField(
        child=serializers.CharField(), help_text="Groups under the chosen ones you do not follow.")
    paragraph = serializers.CharField(help_text="The report-ready paragraph, in Spanish.")
    sessions = SessionsSerializer()
    acuerdos = AcuerdosSerializer()
    attendance = AttendanceSerializer()
    category_states = CategoryStatesSerializer(many=True)
    themes = ThemeSerializer(many=True)
    member_groups = GroupFiguresSerializer(many=True)
    months = MonthSerializer(many=True)
    institutions = InstitutionFiguresSerializer(many=True)


def informe_data(*, scope, figures, paragraph) -> dict:
    return {
        "start": scope.start, "end": scope.end, "as_of": scope.today,
        "groups": [g.acronym for g in scope.groups], "left_out": list(scope.left_out),
        "paragraph": paragraph, "sessions": figures["sessions"], "acuerdos": figures["acuerdos"],
        "attendance": figures["attendance"],
        "category_states": [{"category": k, "states": v}
                            for k, v in sorted(figures["category_states"].items())],
        "themes": figures["themes"], "member_groups": figures["groups"],
        "months": figures["months"], "institutions": figures["institutions"],
    }


def _converter(field):
    """A plain function doing what `field.to_representation` does for the Informe's values
    (None stays None, as Serializer.to_representation leaves it)."""
    if isinstance(field, serializers.ListSerializer):
        item = _converter(field.child)
        return lambda values: [item(v) for v in values]
    if isinstance(field, serializers.Serializer):
        fields = [(name, _converter(f)) for name, f in field.fields.items()]
        return lambda d: {name: (None if d[name] is None else convert(d[name]))
                          for name, convert in fields}
    if isinstance(field, serializers.ListField):
        item = _converter(field.child)
        return lambda values: [None if v is None else item(v) for v in values]
    if isinstance(field, serializers.DateField):
        # DRF's ISO 8601 output: a date's isoformat(), a string as it is.
        return lambda v: v if isinstance(v, str) else v.isoformat()
    for kind, convert in ((serializers.IntegerField, int), (serializers.FloatField, float),
                          (serializers.CharField, str)):
        if isinstance(field, kind):
            return convert
    raise TypeError(f"no plain converter for {type(field).__name__}")


_informe_plain = None


def informe_plain(data: dict) -> dict:
    """InformeSerializer(data).data without DRF's per-field machinery: the same keys in the same
    order and the same values (tests/test_api_informe_plain.py), built by plain functions derived
    once from the serializer's fields — the serializer still documents the response (OpenAPI).
    Serializing the family's figures through DRF took 6.2 ms of CPU, about a tenth of the API's
    Python time; this takes 0.7 ms (cProfile, bench/informe_scale.py)."""
    global _informe_plain
    if _informe_plain is None:
        _informe_plain = _converter(InformeSerializer())
    return _informe_plain(data)
