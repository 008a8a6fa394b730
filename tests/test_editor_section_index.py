"""The session editor's section index: each section's completeness from the minuta completeness
check, shown on the page and swapped out of band after every save of a section."""

import pytest
from lxml import html

from meetings.models import AgendaItem

from .factories import UserFactory
from .workspace_data import filled_session, secretariat_user

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}


def index(content) -> dict[str, tuple[str, str]]:
    """{section: (badge class, badge text + detail)} from a page or an htmx reply."""
    page = html.fromstring(content)
    rows = {}
    for link in page.xpath("//nav[@id='section-index']//a"):
        badge = link.xpath(".//span[contains(@class, 'badge')]")[0]
        rows[link.get("id").removeprefix("toc-")] = (
            badge.get("class").split()[1], " ".join(link.text_content().split()))
    return rows


@pytest.fixture
def editor(client):
    session = filled_session(participants=3, items=2, acuerdos=2)
    client.force_login(secretariat_user(session.group))
    return session


def test_it_lists_the_seven_sections_with_their_completeness(client, editor):
    session = editor
    AgendaItem.objects.filter(session=session, order=2).update(narrative="")
    rows = index(client.get(f"/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="en").content)
    assert list(rows) == ["header", "participants", "agenda", "narrative", "acuerdos", "evidence",
                          "workflow"]
    # A virtual session without a video link or place: the header's warning.
    assert rows["header"] == ("todo", "Header Held 1 to check")
    assert rows["participants"] == ("done", "Participants 1 present Complete")
    assert rows["agenda"] == ("done", "Agenda 2 items Complete")
    assert rows["narrative"] == ("todo", "Relevant matters 1 of 2 written 1 to check")
    assert rows["acuerdos"] == ("done", "Acuerdos 2 acuerdos Complete")
    assert rows["evidence"] == ("empty-section", "Evidence 0 files Empty")
    assert rows["workflow"] == ("draft", "Review revision 1 Draft")
    # Each fold of the page carries the same badge.
    page = html.fromstring(client.get(f"/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="en").content)
    for key in ("header", "participants", "agenda", "narrative", "acuerdos", "evidence"):
        assert page.xpath(f"//details[@id='sec-{key}']/summary/span[@id='fold-state-{key}']"), key


def test_it_marks_an_acuerdo_without_responsible_as_blocking(client, editor):
    session = editor
    acuerdo = session.acuerdos.order_by("sequence").first()
    acuerdo.responsibilities.filter(role="responsable").delete()
    rows = index(client.get(f"/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="en").content)
    assert rows["acuerdos"] == ("blocked", "Acuerdos 2 acuerdos 1 to correct")


def test_it_swaps_the_index_out_of_band_after_a_save(client, editor):
    session = editor
    reply = client.post(f"/sessions/{session.pk}/agenda/", {
        "new-start_time": "12:00", "new-end_time": "12:20", "new-activity": "Asuntos generales"}, **HX)
    assert reply.status_code == 200
    page = html.fromstring(reply.content)
    assert page.xpath("//nav[@id='section-index']")[0].get("hx-swap-oob") == "true"
    rows = index(reply.content)
    assert rows["agenda"] == ("done", "Agenda 3 items Complete")
    # The new item has no narrative yet.
    assert rows["narrative"] == ("todo", "Relevant matters 2 of 3 written 1 to check")
    assert page.xpath("//span[@id='fold-state-narrative'][@hx-swap-oob='true']")


def test_it_shows_the_index_without_checks_to_a_coordinator_of_a_minuta_in_review(client, editor):
    from meetings.services import minuta_submit

    session = editor
    minuta_submit(session=session, user=session.group.secretariat.first())
    coordinator = UserFactory()
    session.group.coordinators.add(coordinator)
    client.force_login(coordinator)
    rows = index(client.get(f"/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="en").content)
    assert rows["workflow"] == ("in_review", "Review revision 1 In review")
    assert rows["header"][0] == "done"  # nothing left to check: the draft was sent
