"""Pictures in the media library, made through the model as the admin would."""

from __future__ import annotations

from media_library.models import Image
from tests import factories


def make_image(**fields) -> Image:
    fields.setdefault("alt", "A harbour at dawn")
    fields.setdefault("file", factories.image_file("harbour.png", size=(1600, 900)))
    image = Image(**fields)
    image.full_clean()
    image.save()
    return image
