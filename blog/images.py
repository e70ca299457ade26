"""Uploaded images: checked by content, stored clean, resized into renditions for ``srcset``.

Every image a person uploads goes through ``CleanImageField`` (featured images, product
images, and whatever a later feature adds):

* ``validate_image_upload`` accepts only JPEG, PNG, WebP and GIF, read by Pillow whatever the
  file is called, within the byte, pixel and side limits (a side over 16,383 px cannot be
  encoded as a WebP rendition), before anything is written.
* The stored original is re-encoded (``clean_original``): the EXIF orientation applied, then
  every EXIF, XMP, IPTC block and comment left out (GPS above all; the credit belongs in the
  model's credit field), nothing after the image data kept, and the extension the detected
  format's (``.jpg``, ``.png``, ``.webp``, ``.gif``), never the uploader's.
* Public pages show WebP renditions (``make_renditions``), never the original.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
MAX_SIDE = 16_383  # WebP's limit: any larger side could not get a rendition
MAX_ANIMATION_PIXELS_FACTOR = 4  # frames × width × height ≤ 4 × MAX_IMAGE_PIXELS
JPEG_QUALITY = 90


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
            frames = getattr(image, "n_frames", 1)
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
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise ValidationError(
            f"The image is {width:,} × {height:,} pixels; each side must be between 1 and "
            f"{MAX_SIDE:,} pixels. Resize or crop it and upload it again."
        )
    if width * height > limits["MAX_IMAGE_PIXELS"]:
        raise ValidationError("The image has too many pixels; resize it below 40 megapixels.")
    if frames * width * height > MAX_ANIMATION_PIXELS_FACTOR * limits["MAX_IMAGE_PIXELS"]:
        raise ValidationError(
            f"The animation is too large ({frames:,} frames of {width:,} × {height:,} "
            "pixels); make it shorter or smaller."
        )


def clean_original(content) -> tuple[ContentFile, str]:
    """The image re-encoded upright, without metadata or trailing bytes; and its extension.

    JPEGs that need no turning keep their quantisation tables (``quality="keep"``), so they
    lose nothing more to the re-encoding; turned ones are saved at ``JPEG_QUALITY``. The ICC
    colour profile is kept (it is how the colours look, not who or where); animations keep
    their frames, timing and loop count.
    """
    content.seek(0)
    with Image.open(content) as image:
        image_format = image.format
        if image_format not in ALLOWED_FORMATS:  # validate_image_upload ran first
            raise ValidationError("This file is not an image we can store.")
        buffer = io.BytesIO()
        if getattr(image, "n_frames", 1) > 1:
            _save_animation(image, image_format, buffer)
        else:
            _save_still(image, image_format, buffer)
    return ContentFile(buffer.getvalue()), EXTENSIONS[image_format]


def _save_still(image: Image.Image, image_format: str, buffer: io.BytesIO) -> None:
    icc_profile = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    upright = ImageOps.exif_transpose(image) if orientation in range(2, 9) else image
    upright.info = {}  # EXIF, XMP, IPTC, comments, text chunks: none is written
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        keep = upright is image and image.mode != "P"
        options["quality"] = "keep" if keep else JPEG_QUALITY
        if not keep and upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
    elif image_format == "WEBP":
        options.update(quality=JPEG_QUALITY, method=4)
    elif transparency is not None:
        options["transparency"] = transparency
    upright.save(buffer, image_format, **options)


def _save_animation(image: Image.Image, image_format: str, buffer: io.BytesIO) -> None:
    kept = {key: image.info[key] for key in ("duration", "loop", "background") if key in image.info}
    transparency = image.info.get("transparency")
    image.info = {}
    options = dict(kept, save_all=True)
    if image_format == "GIF" and transparency is not None:
        options["transparency"] = transparency
    if image_format == "WEBP":
        options.update(quality=JPEG_QUALITY, method=4)
    image.save(buffer, image_format, **options)


class CleanImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        cleaned, extension = clean_original(content)
        cleaned.name = f"{PurePosixPath(name).stem or 'image'}.{extension}"
        super().save(cleaned.name, cleaned, save)


class CleanImageFormField(forms.ImageField):
    """Django's image form field without its file-name check: the content decides."""

    default_validators = []


class CleanImageField(models.ImageField):
    """An ImageField whose stored file is checked (``validate_image_upload``) and cleaned
    (``clean_original``): every model field that takes an uploaded image uses this one."""

    attr_class = CleanImageFieldFile
    default_validators = [validate_image_upload]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CleanImageFormField, **kwargs})


def image_changed(instance: models.Model, field_name: str) -> bool:
    """Whether saving ``instance`` now stores a new file (or none) in ``field_name``."""
    file = getattr(instance, field_name)
    if not instance.pk:
        return bool(file)
    stored = type(instance)._base_manager.filter(pk=instance.pk).values_list(field_name, flat=True)
    return stored.first() != (file.name if file else "")


@contextmanager
def removed_on_failure(instance: models.Model, field_name: str, changed: bool):
    """Delete the file this save stored when the rest of the save fails: no orphan is left."""
    try:
        yield
    except BaseException:
        file = getattr(instance, field_name)
        if changed and file and getattr(file, "_committed", False):
            default_storage.delete(file.name)
        raise


def make_renditions(image_field) -> dict[str, str]:
    """Resized WebP copies at the configured widths (never wider than the original).

    The renditions are written only once all of them are encoded, so a failure leaves none.
    """
    widths = settings.BROADSHEET["IMAGE_RENDITION_WIDTHS"]
    stem = PurePosixPath(image_field.name).stem
    renditions: dict[str, str] = {}
    image_field.open("rb")
    try:
        with Image.open(image_field) as original:
            original = ImageOps.exif_transpose(original)
            if original.mode not in ("RGB", "RGBA"):
                original = original.convert("RGBA" if "transparency" in original.info else "RGB")
            encoded = {}
            for target in sorted({min(width, original.width) for width in widths}):
                height = max(1, round(original.height * target / original.width))
                resized = original.resize((target, height), Image.Resampling.LANCZOS)
                buffer = io.BytesIO()
                resized.save(buffer, "WEBP", quality=82, method=4)
                encoded[target] = buffer.getvalue()
    finally:
        image_field.close()
    for target, data in encoded.items():
        name = default_storage.save(f"renditions/{stem}-{target}.webp", ContentFile(data))
        renditions[str(target)] = name
    return renditions


def delete_renditions(renditions: dict[str, str]) -> None:
    for name in (renditions or {}).values():
        default_storage.delete(name)


def scaled_height(width: int | None, height: int | None, target: int | str) -> int | None:
    """The height of a rendition ``target`` pixels wide, from the original's size."""
    return max(1, round(height * int(target) / width)) if width and height else None


def srcset(renditions: dict[str, str]) -> str:
    return ", ".join(
        f"{default_storage.url(name)} {width}w"
        for width, name in sorted(renditions.items(), key=lambda item: int(item[0]))
    )
