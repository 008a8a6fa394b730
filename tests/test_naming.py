"""meetings.naming: ordinals in words and numbers with gender, Roman numerals, the article of a
body's name, and the default titles of sessions."""

import pytest

from meetings import naming
from meetings.models import WorkingGroup
from meetings.services import session_plan

FEMININE_WORDS = {
    1: "primera", 2: "segunda", 3: "tercera", 4: "cuarta", 5: "quinta", 9: "novena",
    10: "décima", 11: "décima primera", 12: "décima segunda", 13: "décima tercera",
    19: "décima novena", 20: "vigésima", 21: "vigésima primera", 33: "trigésima tercera",
    50: "quincuagésima", 74: "septuagésima cuarta", 88: "octogésima octava",
    99: "nonagésima novena", 100: "centésima", 101: "centésima primera",
    188: "centésima octogésima octava", 500: "quingentésima",
}
MASCULINE_WORDS = {
    1: "primer", 2: "segundo", 3: "tercer", 5: "quinto", 10: "décimo", 11: "décimo primer",
    20: "vigésimo", 21: "vigésimo primer", 23: "vigésimo tercer", 50: "quincuagésimo",
    74: "septuagésimo cuarto", 100: "centésimo",
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 9: "IX", 10: "X", 11: "XI", 14: "XIV",
         20: "XX", 21: "XXI", 40: "XL", 50: "L", 74: "LXXIV", 90: "XC", 100: "C", 400: "CD",
         1999: "MCMXCIX"}


@pytest.mark.parametrize("number,word", FEMININE_WORDS.items())
def test_it_writes_feminine_ordinal_words(number, word):
    assert naming.ordinal_word(number, naming.FEMININE) == word


@pytest.mark.parametrize("number,word", MASCULINE_WORDS.items())
def test_it_writes_masculine_ordinal_words_shortened_before_a_noun(number, word):
    assert naming.ordinal_word(number, naming.MASCULINE) == word


def test_it_keeps_primero_and_tercero_whole_when_no_noun_follows():
    assert naming.ordinal_word(1, naming.MASCULINE, before_noun=False) == "primero"
    assert naming.ordinal_word(23, naming.MASCULINE, before_noun=False) == "vigésimo tercero"


@pytest.mark.parametrize("number", [0, 1000, -3])
def test_it_refuses_ordinal_words_out_of_range(number):
    with pytest.raises(ValueError):
        naming.ordinal_word(number)


@pytest.mark.parametrize("number,numeral", ROMAN.items())
def test_it_writes_roman_numerals(number, numeral):
    assert naming.roman(number) == numeral


def test_it_writes_ordinal_numbers_with_gender():
    assert [naming.ordinal_number(n) for n in (1, 5, 50)] == ["1ª.", "5ª.", "50ª."]
    assert naming.ordinal_number(2, naming.MASCULINE) == "2º."


@pytest.mark.parametrize(
    "name,expected",
    [
        ("Mesa de Judicialización", "de la Mesa de Judicialización"),
        ("Grupo de Trabajo sobre Tráfico", "del Grupo de Trabajo sobre Tráfico"),
        ("Consejo Nacional de Seguridad Pública", "del Consejo Nacional de Seguridad Pública"),
        ("Gabinete de Seguridad", "del Gabinete de Seguridad"),
        ("Comisión Intersecretarial", "de la Comisión Intersecretarial"),
        ("Comité Técnico", "del Comité Técnico"),
        ("Sistema Nacional", "del Sistema Nacional"),
        ("Mesas de Judicialización", "de las Mesas de Judicialización"),
        ("Grupos Regionales", "de los Grupos Regionales"),
        ("Conferencia Nacional de Gobernadores", "de la Conferencia Nacional de Gobernadores"),
        ("Coordinación Estatal", "de la Coordinación Estatal"),
        ("El Consejo Consultivo", "del Consejo Consultivo"),
        ("La Mesa Binacional", "de La Mesa Binacional"),
    ],
)
def test_it_agrees_the_article_with_the_body_name(name, expected):
    assert naming.of_the(name) == expected


@pytest.mark.parametrize(
    "number,style,noun,type,expected",
    [
        (5, "ordinal_number", "reunion", "SO", "5ª. reunión ordinaria"),
        (1, "ordinal_number", "sesion", "SE", "1ª. sesión extraordinaria"),
        (50, "ordinal_word", "sesion", "SO", "Quincuagésima Sesión Ordinaria"),
        (21, "ordinal_word", "sesion", "SE", "Vigésima Primera Sesión Extraordinaria"),
        (11, "ordinal_word", "reunion", "SO", "Décima Primera Reunión Ordinaria"),
        (2, "ordinal_word", "sesion", "SO", "Segunda Sesión Ordinaria"),
        (3, "roman", "reunion", "SO", "III Reunión Ordinaria"),
        (74, "roman", "sesion", "SO", "LXXIV Sesión Ordinaria"),
    ],
)
def test_it_names_sessions_in_the_groups_style(number, style, noun, type, expected):
    assert naming.session_name(number=number, type=type, style=style, noun=noun) == expected


def _group(name, acronym, **fields):
    return WorkingGroup.objects.create(name=name, acronym=acronym, **fields)


def test_a_consejo_with_ordinal_words_names_its_50th_session_quincuagesima(db):
    consejo = _group("Consejo Nacional de Seguridad Pública", "CNSP",
                     session_naming=WorkingGroup.SessionNaming.ORDINAL_WORD)
    import datetime as dt

    session = session_plan(group=consejo, number=50, date=dt.date(2025, 6, 3),
                           start_time=dt.time(10, 0))
    assert session.title == "Quincuagésima Sesión Ordinaria del Consejo Nacional de Seguridad Pública"


def test_default_titles_agree_with_the_group_in_any_interface_language(db):
    import datetime as dt

    from django.utils import translation

    mesa = _group("Mesa de Judicialización", "MJ")
    bilateral = _group("Grupo de Implementación de Seguridad México–Estados Unidos", "GIS",
                       session_naming=WorkingGroup.SessionNaming.ROMAN,
                       session_noun=WorkingGroup.SessionNoun.REUNION)
    with translation.override("en"):
        fourth = session_plan(group=mesa, number=4, date=dt.date(2025, 6, 3),
                              start_time=dt.time(10, 0))
    third = session_plan(group=bilateral, number=3, date=dt.date(2025, 6, 3),
                         start_time=dt.time(10, 0))
    assert fourth.title == "4ª. sesión ordinaria de la Mesa de Judicialización"
    assert third.title == ("III Reunión Ordinaria del Grupo de Implementación de Seguridad "
                           "México–Estados Unidos")


@pytest.mark.parametrize("number", [1, 2, 5, 10, 11, 20, 21, 50, 74, 100])
def test_every_style_names_many_numbers_and_words_agree_with_sesion(number):
    word = naming.session_name(number=number, type="SO", style="ordinal_word")
    assert word.endswith(" Sesión Ordinaria")
    ordinal = word.removesuffix(" Sesión Ordinaria").lower()
    assert ordinal == FEMININE_WORDS.get(number, ordinal)
    assert all(w.endswith("a") for w in ordinal.split())  # every part agrees with "sesión"
    assert naming.session_name(number=number, type="SO") == f"{number}ª. sesión ordinaria"
    assert naming.session_name(number=number, type="SO", style="roman").split()[0] == ROMAN.get(
        number, naming.roman(number))
