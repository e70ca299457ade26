"""Featured images: checked by content on upload, resized into renditions for ``srcset``."""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image_upload(file) -> None:
    """Accept only real raster images of sane size, whatever the file name claims."""
    limits = settings.BROADSHEET
    size = getattr(file, "size", None)
    if size is not None and size > limits["MAX_IMAGE_UPLOAD_BYTES"]:
        mb = limits["MAX_IMAGE_UPLOAD_BYTES"] // (1024 * 1024)
        raise ValidationError(f"The image is too large; the limit is {mb} MB.")
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF."
        ) from None
    finally:
        if position is not None:
            file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            f"{image_format} images are not accepted. Upload a JPEG, PNG, WebP or GIF."
        )
    if width * height > limits["MAX_IMAGE_PIXELS"]:
        raise ValidationError("The image has too many pixels; resize it below 40 megapixels.")


def make_renditions(image_field) -> dict[str, str]:
    """Resized WebP copies at the configured widths (never wider than the original)."""
    widths = settings.BROADSHEET["IMAGE_RENDITION_WIDTHS"]
    stem = PurePosixPath(image_field.name).stem
    renditions: dict[str, str] = {}
    image_field.open("rb")
    try:
        with Image.open(image_field) as original:
            original = ImageOps.exif_transpose(original)
            if original.mode not in ("RGB", "RGBA"):
                original = original.convert("RGBA" if "transparency" in original.info else "RGB")
            for target in sorted({min(width, original.width) for width in widths}):
                height = round(original.height * target / original.width)
                resized = original.resize((target, height), Image.Resampling.LANCZOS)
                buffer = io.BytesIO()
                resized.save(buffer, "WEBP", quality=82, method=4)
                name = default_storage.save(
                    f"renditions/{stem}-{target}.webp", ContentFile(buffer.getvalue())
                )
                renditions[str(target)] = name
    finally:
        image_field.close()
    return renditions


def delete_renditions(renditions: dict[str, str]) -> None:
    for name in (renditions or {}).values():
        default_storage.delete(name)


def srcset(renditions: dict[str, str]) -> str:
    return ", ".join(
        f"{default_storage.url(name)} {width}w"
        for width, name in sorted(renditions.items(), key=lambda item: int(item[0]))
    )
