"""The photo section of the minuta PDF never covers the sign-off and its heading never ends a page,
whatever the number of photos and wherever the section starts (read back with pdftotext -bbox and
the images' positions in the content streams)."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from documents.render import render_minuta_pdf
from meetings.models import SessionPhoto
from meetings.services import agenda_item_add, minuta_approve, minuta_submit_for_review

from .factories import PersonFactory, make_acuerdo, make_session
from .minuta_helpers import media  # noqa: F401  (fixture)
from .pdf_layout import find_words, image_boxes, page_count, word_boxes

PARAGRAPH = "Las instituciones revisaron el plan de trabajo y acordaron sus comentarios. " * 12


def approved_session(*, photos: int, paragraphs: int):
    session = make_session()
    agenda_item_add(session=session, start_time=dt.time(12, 0), end_time=dt.time(13, 0),
                    activity="Seguimiento del plan de trabajo",
                    narrative="\n\n".join([PARAGRAPH] * paragraphs))
    make_acuerdo(session, text="Las instituciones enviarán sus comentarios.",
                 due_date=dt.date(2025, 6, 11))
    for order in range(photos):
        buffer = io.BytesIO()
        Image.new("RGB", (1600, 1000), (40 + 25 * order, 120, 200)).save(buffer, "JPEG")
        photo = SessionPhoto(session=session, caption=f"Fotografía {order + 1}", order=order)
        photo.image.save(f"foto-{order}.jpg", ContentFile(buffer.getvalue()), save=True)
    minuta_submit_for_review(session=session, drafted_by=PersonFactory(name="Ana Redactora"))
    minuta_approve(session=session, approved_by=PersonFactory(name="Beto Revisor"))
    return session


# Narratives of several lengths move the photo section to the top, the middle and the foot of a page.
@pytest.mark.parametrize("paragraphs", [3, 6, 9])
@pytest.mark.parametrize("photos", [0, 1, 2, 3, 7])
def test_it_keeps_the_sign_off_uncovered_on_the_last_page_and_the_heading_with_its_photos(db, media, photos, paragraphs):
    data = render_minuta_pdf(approved_session(photos=photos, paragraphs=paragraphs))
    words, images, last = word_boxes(data), image_boxes(data), page_count(data)

    assert len(images) == photos
    sign_off = find_words(words, "Elaboró") + find_words(words, "Visto", "Bueno")
    sign_off += find_words(words, "Ana", "Redactora") + find_words(words, "Beto", "Revisor")
    assert [w.text for w in sign_off] == ["Elaboró", "Visto", "Bueno", "Ana", "Redactora",
                                          "Beto", "Revisor"]
    assert {w.page for w in sign_off} == {last}
    assert [(w.text, i) for w in sign_off for i in images if w.overlaps(i)] == []
    # No image covers any text at all (captions, acuerdos, page numbers).
    assert [(w.text, i) for w in words for i in images if w.overlaps(i)] == []

    # The heading is printed even without photos, and never ends a page: what follows it (the
    # first photo, or the line saying there are none) is on its page, below it.
    heading = find_words(words, "Evidencia", "fotográfica")
    assert heading
    if photos:
        first = min(images, key=lambda i: (i.page, i.top))
    else:
        first = find_words(words, "Sin", "evidencia", "fotográfica.")[0]
    assert first.page == heading[0].page and first.top > heading[0].bottom


def test_it_shows_both_signatures_on_the_sixth_gttim_session_approved_with_a_photo(demo, media):
    """The session of the report: the demo's 6th GTTIM session drafted with the 5th's people and
    a photo, then approved through the services."""
    from meetings.models import Session
    from meetings.services import attendance_add

    from .minuta_helpers import add_photo, gttim_session

    fifth = gttim_session()
    sixth = Session.objects.get(group=fifth.group, type="SO", number=6)
    for attendance in fifth.attendances.all():
        attendance_add(session=sixth, person=attendance.person)
    agenda_item_add(session=sixth, start_time=dt.time(12, 0), end_time=dt.time(13, 0),
                    activity="Seguimiento del plan de trabajo",
                    narrative="\n\n".join([PARAGRAPH] * 8))
    make_acuerdo(sixth, text="La UPMRIP enviará el plan de trabajo.", due_date=dt.date(2025, 8, 12))
    add_photo(sixth, "Captura de pantalla de la sesión virtual", order=1)
    minuta_submit_for_review(session=sixth, drafted_by=fifth.drafted_by)
    minuta_approve(session=sixth, approved_by=fifth.approved_by)

    data = render_minuta_pdf(sixth)
    words, images, last = word_boxes(data), image_boxes(data), page_count(data)
    signatures = find_words(words, "Elaboró") + find_words(words, "Visto", "Bueno")
    assert len(signatures) == 3 and {w.page for w in signatures} == {last}
    assert len(images) == 1
    assert [w.text for w in signatures for i in images if w.overlaps(i)] == []
