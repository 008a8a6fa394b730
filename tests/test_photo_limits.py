"""Session photos against decompression bombs: a PNG that declares too many pixels is refused with
a message (not a 500), judged from its header; an accepted photo gets its print-size copy at
upload, which the minuta then embeds."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from documents.content import minuta_content
from meetings.models import SessionPhoto

from .minuta_helpers import media  # noqa: F401  (fixture)
from .workspace_data import filled_session, secretariat_user

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes that declare width × height (grey, 8 bits): decoding them would take
    width × height bytes, which is what the header check must avoid."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 4)  # a few rows; the check never reads them
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows)
            + _chunk(b"IEND", b""))


def _jpeg(size) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture
def editor(client):
    session = filled_session(participants=1, items=1, acuerdos=0)
    client.force_login(secretariat_user(session.group))
    return session, f"/sessions/{session.pk}/photos/"


@pytest.mark.parametrize("size", [(20000, 20000), (12000, 12000)])
def test_it_refuses_a_photo_over_the_pixel_limit_with_a_message(client, editor, media, size):
    session, url = editor
    upload = SimpleUploadedFile("plano.png", png_declaring(*size), content_type="image/png")
    response = client.post(url, {"photo-image": upload, "photo-caption": "Plano"}, **HX)
    body = response.content.decode()
    assert response.status_code in (200, 400)
    assert "photos may have at most 50 megapixels" in body
    assert not session.photos.exists()


def test_the_limit_is_a_setting_and_the_message_is_in_spanish(client, editor, media, settings):
    session, url = editor
    settings.MEETINGS_PHOTO_MAX_PIXELS = 1_000_000
    upload = SimpleUploadedFile("foto.jpg", _jpeg((1200, 900)), content_type="image/jpeg")
    body = client.post(url, {"photo-image": upload}, HTTP_HX_REQUEST="true",
                       HTTP_ACCEPT_LANGUAGE="es-mx").content.decode()
    assert "como máximo 1 megapíxeles" in body
    assert not session.photos.exists()


def test_it_makes_the_print_copy_at_upload_and_the_minuta_embeds_it(client, editor, media):
    session, url = editor
    upload = SimpleUploadedFile("foto.jpg", _jpeg((4000, 3000)), content_type="image/jpeg")
    client.post(url, {"photo-image": upload, "photo-caption": "Sesión"}, **HX)
    photo = session.photos.get()
    assert photo.print_image.name.startswith("photos/print/")
    with Image.open(photo.print_image.path) as copy:
        assert (copy.format, copy.size) == ("JPEG", (508, 381))
    assert [p.path for p in minuta_content(session).photos] == [photo.print_image.path]


def test_a_small_photo_has_no_copy_and_is_embedded_as_it_is(client, editor, media):
    session, url = editor
    upload = SimpleUploadedFile("chica.jpg", _jpeg((400, 300)), content_type="image/jpeg")
    client.post(url, {"photo-image": upload}, **HX)
    photo = session.photos.get()
    assert not photo.print_image
    assert [p.path for p in minuta_content(session).photos] == [photo.image.path]


def test_removing_a_photo_removes_its_print_copy(client, editor, media):
    session, url = editor
    upload = SimpleUploadedFile("foto.jpg", _jpeg((2000, 1500)), content_type="image/jpeg")
    client.post(url, {"photo-image": upload}, **HX)
    photo = session.photos.get()
    copy = photo.print_image.path
    client.post(f"{url}{photo.pk}/", {"action": "remove"}, **HX)
    assert not SessionPhoto.objects.exists()
    import os
    assert not os.path.exists(copy)


def test_the_model_field_holds_the_admin_to_the_same_limit(editor, media):
    from django.core.exceptions import ValidationError

    session, _ = editor
    photo = SessionPhoto(session=session, order=1,
                         image=SimpleUploadedFile("plano.png", png_declaring(12000, 12000)))
    with pytest.raises(ValidationError) as exc:
        photo.full_clean()
    assert exc.value.error_dict["image"][0].code == "too_many_pixels"
