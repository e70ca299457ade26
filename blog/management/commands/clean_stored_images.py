"""Store again, clean, every uploaded image kept from before uploads were cleaned."""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from PIL import Image, UnidentifiedImageError

from blog import images

METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc"}


def image_fields():
    """(model, field) for every ``CleanImageField`` of every installed app."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, images.CleanImageField):
                yield model, field


def needs_cleaning(name: str, data: bytes) -> bool:
    """Metadata, trailing bytes after a JPEG, or an extension that is not the format's."""
    with Image.open(io.BytesIO(data)) as image:
        extension = images.EXTENSIONS.get(image.format, "")
        has_metadata = bool(image.getexif()) or bool(METADATA_KEYS & set(image.info))
        trailing = image.format == "JPEG" and not data.endswith(b"\xff\xd9")
    return has_metadata or trailing or PurePosixPath(name).suffix != f".{extension}"


class Command(BaseCommand):
    help = (
        "Re-store uploaded images (featured images, product images…) that still carry EXIF/XMP "
        "data, bytes after the image, or a wrong extension: upright, clean, new renditions. "
        "Images uploaded since uploads are cleaned need nothing. --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, dry_run, **options):
        counts = {"cleaned": 0, "clean already": 0, "unreadable": 0}
        for model, field in image_fields():
            rows = model._base_manager.exclude(**{field.attname: ""}).order_by("pk")
            for instance in rows.iterator():
                file = getattr(instance, field.attname)
                try:
                    with default_storage.open(file.name, "rb") as stored:
                        data = stored.read()
                    dirty = needs_cleaning(file.name, data)
                except (OSError, UnidentifiedImageError, ValueError):
                    counts["unreadable"] += 1
                    self.stderr.write(f"{model._meta.label} {instance.pk}: cannot read {file.name}")
                    continue
                if not dirty:
                    counts["clean already"] += 1
                    continue
                counts["cleaned"] += 1
                if dry_run:
                    self.stdout.write(f"would clean {file.name}")
                    continue
                old_name = file.name
                file.save(PurePosixPath(old_name).name, ContentFile(data), save=False)
                dimensions = [name for name in (field.width_field, field.height_field) if name]
                instance.save(update_fields=[field.attname, *dimensions])
                default_storage.delete(old_name)
                self.stdout.write(f"cleaned {old_name} → {file.name}")
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(("Dry run: " if dry_run else "") + summary)
