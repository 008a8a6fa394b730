"""Field validators of the meetings models."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def too_many_pixels_message(limit: int) -> str:
    width = int((limit * 4 / 3) ** 0.5)  # a 4:3 photo
    return _(
        "The image is too large: photos may have at most %(limit)d megapixels (for example "
        "%(example)s pixels). Save it at a smaller size and upload it again.") % {
            "limit": limit // 1_000_000, "example": f"{width} × {width * 3 // 4}"}


def photo_pixels(upload) -> None:
    """At most MEETINGS_PHOTO_MAX_PIXELS, read from the header (nothing is decoded). On the model
    field, so the admin's photo forms are held to it as the editor is."""
    from PIL import Image, UnidentifiedImageError

    limit = settings.MEETINGS_PHOTO_MAX_PIXELS
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our limit decides
            with Image.open(upload) as image:
                too_big = image.width * image.height > limit
    except Image.DecompressionBombError:
        too_big = True
    except (UnidentifiedImageError, OSError, ValueError):
        return  # not an image at all: ImageField's own check says so
    finally:
        upload.seek(0)
    if too_big:
        raise ValidationError(too_many_pixels_message(limit), code="too_many_pixels")
