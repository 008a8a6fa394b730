"""search.selectors.highlight folds Spanish text in C (a translate table) and keeps each folded
character's place in the original: the passage marks the very letters typed with accents,
capitals and odd spaces, and text outside the table (ligatures, other scripts) takes the
per-character path with the same result."""

import unicodedata

from search.index import fold
from search.selectors import _folded_with_map, highlight, parse_query


def _by_character(text):
    # The definition: each character folded alone, a space of any kind as one " ".
    out, where = [], []
    for index, char in enumerate(text):
        for piece in fold(char) if not char.isspace() else " ":
            out.append(piece)
            where.append(index)
    return "".join(out), where


def test_it_folds_like_each_character_folded_alone():
    texts = ["Revisarán la PRESENTACIÓN\tdel informe\n  Ñandú, Über, Ça",
             "ﬁn del año: “comillas” İstanbul straße Ωmega",
             "Señor García-Núñez\u00a0(5/SO-3)\u2028fin",
             "".join(chr(cp) for cp in range(0x20, 0x250))]
    for text in texts:
        folded, where = _folded_with_map(text)
        assert (folded, list(where)) == _by_character(text)


def test_it_marks_the_accented_words_as_written():
    text = "Las instituciones REVISARÁN la Presentación del informe de la Señora Núñez."
    snippet = highlight(text, parse_query("revisaran presentacion nunez"))
    assert "<mark>REVISARÁN</mark>" in snippet
    assert "<mark>Presentación</mark>" in snippet
    assert "<mark>Núñez</mark>" in snippet


def test_a_ligature_keeps_the_marks_on_the_right_letters():
    text = "La ﬁrma del oﬁcio y la revisión final"
    assert unicodedata.normalize("NFKD", "ﬁ") == "fi"
    snippet = highlight(text, parse_query("revision"))
    assert "<mark>revisión</mark>" in snippet
    assert highlight(text, parse_query("oficio")).count("<mark>") == 1


def test_a_stem_marks_words_that_start_with_it_only():
    snippet = highlight("Se presentó lo que representa el informe", parse_query("presentacion"))
    assert "<mark>presentó</mark>" in snippet
    assert "re<mark>" not in snippet and snippet.count("<mark>") == 1
