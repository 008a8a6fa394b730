"""Search: Spanish as users type it (accents, capitals, stems, phrases, acronyms, numbers) on
PostgreSQL and SQLite, grouped results with the passage highlighted, and the access rules: each
hidden hit is paired with a user who does find it."""

import datetime as dt

import pytest

from agreements.models import Acuerdo, Responsibility
from followup import services as followup_services
from meetings.models import Session
from meetings.services import agenda_item_add
from search.selectors import search

from .followup_helpers import user

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 21)


def _find(username, q, **filters):
    results = search(user(username), q=q, today=TODAY, **filters)
    return {kind: [h.title for h in hits] for kind, _label, _count, hits in results.kinds}


def _numbers(username, q):
    return set(_find(username, q).get("acuerdo", []))


def test_presentacion_finds_the_acuerdo_and_the_narrative_for_the_secretariat(demo):
    found = _find("secretaria", "presentacion")
    assert "5/SO-5" in found["acuerdo"]
    assert any(t.startswith("Recapitulación de los documentos") for t in found["agenda_item"])


def test_an_enlace_finds_only_what_their_institution_may_open(demo):
    found = _find("enlace.fgr", "presentacion")
    # The approved minuta of a group FGR belongs to: yes. UPMRIP's acuerdo 5/SO-5: no.
    assert any(t.startswith("Recapitulación de los documentos") for t in found["agenda_item"])
    assert "5/SO-5" not in found.get("acuerdo", [])
    assert "5/SO-5" in _numbers("enlace.upmrip", "presentacion")  # positive control


def test_it_ignores_accents_and_capitals_and_finds_stems(demo):
    for q in ("emitiran", "EMITIRÁN", "emitirán"):
        assert "5/SO-3" in _numbers("secretaria", q), q
    # "revisar" finds "revisión" in the narrative of the work plan.
    assert _find("secretaria", "revisar").get("agenda_item")


def test_a_phrase_in_quotes_is_exact(demo):
    assert "5/SO-1" in _numbers("secretaria", '"plan de trabajo 2025"')
    assert "5/SO-1" not in _numbers("secretaria", '"trabajo plan 2025"')


def test_acronyms_names_and_numbers(demo):
    assert "FGR" in _find("secretaria", "fgr")["institution"]
    assert "Inspector José Alfredo Villa Aburto" in _find("secretaria", "Guardia Nacional")["person"]
    assert _numbers("secretaria", "5/SO-3") == {"5/SO-3"}
    assert _numbers("secretaria", "5/so") == {"5/SO-1", "5/SO-2", "5/SO-3", "5/SO-4", "5/SO-5"}


def test_the_passage_is_highlighted_and_escaped(demo):
    results = search(user("secretaria"), q="presentacion", today=TODAY)
    hits = dict((k, h) for k, _l, _c, h in results.kinds)
    snippet = next(h.snippet for h in hits["acuerdo"] if h.title == "5/SO-5")
    assert "<mark>presentación</mark>" in snippet
    session = Session.objects.get(group__acronym="GTTIM", number=6, type="SO")
    agenda_item_add(session=session, start_time=session.start_time,
                    end_time=(dt.datetime.combine(session.date, session.start_time)
                              + dt.timedelta(minutes=10)).time(),
                    activity="Informe", narrative="<script>alert(1)</script> presentación")
    results = search(user("secretaria"), q="presentacion", today=TODAY, kinds=["agenda_item"])
    snippets = [h.snippet for _k, _l, _c, hits in results.kinds for h in hits]
    assert any("&lt;script&gt;" in s for s in snippets)
    assert not any("<script>" in s for s in snippets)


def test_a_draft_minuta_is_found_by_its_secretariat_only(demo):
    session = Session.objects.get(group__acronym="GTTIM", number=6, type="SO")
    agenda_item_add(session=session, start_time=session.start_time,
                    end_time=(dt.datetime.combine(session.date, session.start_time)
                              + dt.timedelta(minutes=10)).time(),
                    activity="Asuntos generales", narrative="Se habló del zapoteco borrador.")
    assert _find("secretaria", "zapoteco").get("agenda_item") == ["Asuntos generales"]
    assert "agenda_item" not in _find("enlace.fgr", "zapoteco")


def test_another_institutions_report_is_hidden(demo):
    part = Responsibility.objects.get(acuerdo__number="5/SO-3", acuerdo__group__acronym="GTTIM",
                                      institution__acronym="FGR")
    followup_services.progress_report(responsibility=part, status="in_progress",
                                      comment="Oficio quetzalcoatl enviado", files=[],
                                      actor=user("enlace.fgr"))
    assert _find("enlace.fgr", "quetzalcoatl").get("report")  # positive control
    assert _find("secretaria", "quetzalcoatl").get("report")
    assert "report" not in _find("enlace.upmrip", "quetzalcoatl")


def test_another_groups_acuerdos_are_hidden(demo):
    mj = Acuerdo.objects.filter(group__acronym="MJ-MIGRACION").first()
    assert not Acuerdo.objects.filter(group__acronym="GTTIM", number=mj.number).exists()
    assert mj.number in _numbers("secretaria.mj", mj.number)  # positive control
    assert mj.number not in _numbers("secretaria", mj.number)  # GTTIM's secretariat only


def test_filters_by_group_period_kind_and_status(demo):
    gttim = Acuerdo.objects.filter(group__acronym="GTTIM").first().group_id
    assert set(_find("coordinador", "acuerdo", groups=[gttim], kinds=["acuerdo"])) <= {"acuerdo"}
    # Sessions before 2025 hold none of it.
    assert not _find("secretaria", "presentacion", end=dt.date(2025, 1, 1)).get("acuerdo")
    fulfilled = _numbers("secretaria", "5/so") & set(_find(
        "secretaria", "5/so", status="fulfilled").get("acuerdo", []))
    assert "5/SO-1" in fulfilled and "5/SO-3" not in fulfilled
    # A number is an acuerdo's (or a report on it): other kinds asked find nothing.
    assert _find("secretaria", "5/SO-3", kinds=["session", "person"]) == {}
    assert _find("enlace.fgr", "5/SO-3", kinds=["session"]) == {}  # no scope to read
    assert set(_find("secretaria", "5/SO-3", kinds=["acuerdo", "session"])) == {"acuerdo"}


def test_the_page_groups_results_and_needs_a_login(demo, client):
    assert client.get("/buscar/?q=presentacion").status_code == 302
    client.force_login(user("secretaria"))
    body = client.get("/buscar/?q=presentacion").content.decode()
    assert "5/SO-5" in body and "<mark>" in body and "Acuerdos" in body


def test_the_api_answers_the_same_within_the_same_rules(demo):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user("enlace.upmrip"))
    body = client.get("/api/v1/search/", {"q": "presentacion", "kind": "acuerdo"}).json()
    assert [h["title"] for k in body["kinds"] for h in k["hits"]] == ["5/SO-5"]
    client.force_authenticate(user("enlace.fgr"))
    body = client.get("/api/v1/search/", {"q": "presentacion", "kind": "acuerdo"}).json()
    assert "5/SO-5" not in [h["title"] for k in body["kinds"] for h in k["hits"]]
    assert client.get("/api/v1/search/", {"q": "x", "group": "abc"}).status_code == 400
    schema = APIClient().get("/api/schema/?format=json").json()
    assert "/api/v1/search/" in schema["paths"]


def test_the_rebuild_command_gives_the_same_results(demo):
    from django.core.management import call_command

    from search.models import SearchEntry

    before = _find("secretaria", "presentacion")
    SearchEntry.objects.all().delete()
    assert _find("secretaria", "presentacion") == {}
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    assert _find("secretaria", "presentacion") == before


def test_a_word_in_very_many_entries_ranks_only_its_most_recent_matches(postgres, monkeypatch):
    # Ranking is PostgreSQL's (SQLite lists the most recent first, unranked).
    # search.selectors.RANK_CANDIDATES bounds the ranking of very common words: shrunk to 2 here,
    # the older acuerdos that repeat the word most (best ranked) give way to the 2 most recent;
    # the count stays exact.
    from django.contrib.auth import get_user_model

    from search import selectors

    from .factories import GroupFactory, make_acuerdo, make_session

    staff = get_user_model().objects.create(username="staff.cap", is_staff=True)
    group = GroupFactory(members=2)
    days = [dt.date(2025, 3, d) for d in (3, 10, 17, 24)]
    for repeats, day in zip((4, 3, 2, 1), days):
        make_acuerdo(make_session(group=group, date=day),
                     text="Revisarán el operativo xochicalco. " * repeats)

    def hits():
        results = search(staff, q="xochicalco", today=TODAY)
        (count, found), = [(c, h) for k, _l, c, h in results.kinds if k == "acuerdo"]
        return count, [h.date for h in found]

    count, dates = hits()
    assert count == 4 and dates[0] == days[0]  # ranked: the oldest repeats the word most
    monkeypatch.setattr(selectors, "RANK_CANDIDATES", 2)
    count, dates = hits()
    assert count == 4
    assert dates == [days[2], days[3]]  # the 2 most recent, best ranked first


def test_it_counts_each_kind_up_to_the_cap_and_says_more_than(monkeypatch, client):
    # search.selectors.COUNT_CAP bounds the count of a word in very many entries (shrunk to 3
    # here): past it the kind says "more than 3", on the page and in the API; below it, exact.
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    from search import selectors

    from .factories import GroupFactory, make_acuerdo, make_session

    staff = get_user_model().objects.create(username="staff.count", is_staff=True)
    group = GroupFactory(members=2)
    for day in (3, 10, 17, 24, 31):
        make_acuerdo(make_session(group=group, date=dt.date(2025, 3, day)),
                     text="Revisarán el operativo tlaloc.")
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    results = search(staff, q="tlaloc", today=TODAY)
    assert [(k, c) for k, _l, c, _h in results.kinds] == [("acuerdo", 3)]
    assert results.capped == {"acuerdo"} and not results.total_exact
    assert len(results.kinds[0][3]) == 5  # the hits themselves are not capped
    client.force_login(staff)
    page = client.get("/buscar/", {"q": "tlaloc"}).content.decode()
    assert "Más de 3 resultados" in page and "(más de 3)" in page
    api = APIClient()
    api.force_authenticate(staff)
    body = api.get("/api/v1/search/", {"q": "tlaloc"}).json()
    assert body["total_exact"] is False
    assert [(k["count"], k["count_exact"]) for k in body["kinds"]] == [(3, False)]

    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    results = search(staff, q="tlaloc", today=TODAY)
    assert [c for _k, _l, c, _h in results.kinds] == [5] and results.total_exact
    assert "5 resultados" in client.get("/buscar/", {"q": "tlaloc"}).content.decode()


def test_its_queries_do_not_grow_with_the_matches(demo, django_assert_num_queries):
    # An enlace and a secretariat: the scope's ids (sessions for sessions and agenda items,
    # acuerdos, reports, people, institutions, and the groups they read), one statement counting
    # each kind up to COUNT_CAP, one per kind with hits. Twenty more acuerdos with the word, in a
    # group FGR answers for, change no count.
    from directory.models import Institution
    from meetings.models import WorkingGroup

    from .factories import make_acuerdo, make_session

    names = ("enlace.fgr", "secretaria")

    def queries(name):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        who = user(name)  # fresh: the user object caches its institution after one search
        with CaptureQueriesContext(connection) as captured:
            results = search(who, q="presentacion", today=TODAY)
        # One query per kind with hits is expected (at most six kinds): the rest is fixed.
        return len(captured) - len(results.kinds), results.total

    before = {name: queries(name) for name in names}
    fgr = Institution.objects.get(acronym="FGR")
    group = WorkingGroup.objects.get(acronym="GTTIM")
    session = make_session(group=group, date=dt.date(2025, 9, 1))
    for n in range(20):
        make_acuerdo(session, text=f"Revisarán la presentación número {n}.", responsables=[fgr])
    after = {name: queries(name) for name in names}
    for name in names:
        assert after[name][0] == before[name][0], name
        assert after[name][1] >= before[name][1] + 20, name
    staff = user("admin")
    assert staff.is_staff
    # Staff: no scope; the count statement; one per kind with hits (acuerdos, agenda items).
    with django_assert_num_queries(3):
        search(staff, q="presentacion", today=TODAY, kinds=["acuerdo", "agenda_item"])


def test_a_small_scope_reads_its_matches_once_with_the_same_results(demo, postgres, monkeypatch):
    # search.selectors.READ_ONCE_SCOPE: a kind whose scope has at most that many ids reads its
    # matches once, for its count and ranking candidates together (RANK_CANDIDATES shrunk to 1
    # so that the candidates decide the hits, COUNT_CAP to 2 so that counts stop). Every
    # threshold, so that some kinds are read once and others not in the same statement, gives
    # what reading them twice gives.
    from search import selectors

    monkeypatch.setattr(selectors, "RANK_CANDIDATES", 1)
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)

    def found(name, q):
        results = search(user(name), q=q, today=TODAY)
        return [(k, c, [h.title for h in hits]) for k, _l, c, hits in results.kinds]

    for name in ("enlace.fgr", "secretaria"):
        sizes = sorted(set(selectors._scopes(user(name), list(selectors.K.values))[1].values()))
        assert len(sizes) > 2, name  # kinds of different sizes: mixed statements below
        for q in ("presentacion", "acuerdo"):
            monkeypatch.setattr(selectors, "READ_ONCE_SCOPE", -1)
            expected = found(name, q)
            assert expected, (name, q)
            for threshold in sizes:
                monkeypatch.setattr(selectors, "READ_ONCE_SCOPE", threshold)
                assert found(name, q) == expected, (name, q, threshold)


def test_the_page_reads_the_followed_groups_once(demo, postgres, client,
                                                django_assert_num_queries):
    # The secretariat follows groups: the page reads them once (access.
    # request_followed_group_ids) for the acuerdo and report scopes and the top bar. Queries
    # (PostgreSQL: the scopes' ids in one statement):
    # session, user, person, the followed groups, the
    # visible groups (people's scope), the scopes' ids, the counts, one per kind with hits
    # (acuerdos, agenda items), the form's groups and bodies, and its institutions.
    from search.selectors import search as run

    who = user("secretaria")
    kinds = len(run(who, q="presentacion", today=TODAY).kinds)
    assert kinds == 2
    client.force_login(who)
    with django_assert_num_queries(10 + kinds):
        assert client.get("/buscar/", {"q": "presentacion"}).status_code == 200
