"""The media library: pictures uploaded once, placed in any article's text by number.

Authors write ``![alt text](image:42)`` on a line of its own (the picker in the section
editor writes it for them); blog's renderer turns it into a ``<figure>`` with the picture's
WebP renditions, its alt text, caption and credit (``media_library.embedding``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator

from blog import images
from blog.editor_tools import link_text
from blog.figures import ResolvedImage

no_nul = ProhibitNullCharactersValidator()
# Column width of the article text (site.css --column: 44rem); narrower screens use it all.
FIGURE_SIZES = "(min-width: 48rem) 44rem, 100vw"
# The src for browsers without srcset: the widest rendition not wider than this.
FALLBACK_WIDTH = 1200


class ImageQuerySet(models.QuerySet):
    def matching(self, text: str) -> ImageQuerySet:
        """Pictures whose number is ``text`` or whose alt text, caption or credit contain it."""
        if not text:
            return self
        found = Q(alt__icontains=text) | Q(caption__icontains=text) | Q(credit__icontains=text)
        if text.isdigit() and len(text) <= 10:
            found |= Q(pk=int(text))
        return self.filter(found)


class Image(models.Model):
    file = images.CleanImageField(
        "picture",
        upload_to="library/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text=(
            "JPEG, PNG, WebP or GIF, at most 10 MB. Stored without its EXIF/XMP data (camera, "
            "GPS position); readers get resized WebP copies."
        ),
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt = models.CharField(
        "alt text",
        max_length=250,
        validators=[no_nul],
        help_text=(
            "What the picture shows, for readers who cannot see it (required). Changing it "
            "changes every article that uses the picture."
        ),
    )
    caption = models.CharField(
        max_length=300, blank=True, validators=[no_nul], help_text="Shown under the picture."
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        validators=[no_nul],
        help_text="Photographer or source, e.g. “Reuters / Ana Lee”; shown after the caption.",
    )
    # {"480": "renditions/…-480.webp", …}: filled when the file changes.
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField("uploaded", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        verbose_name = "picture"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="image_newest_idx")]

    def __str__(self) -> str:
        return Truncator(self.alt).chars(60) or f"Picture {self.pk}"

    def save(self, *args, **kwargs) -> None:
        file_changed = images.image_changed(self, "file")
        # While True, the texts using the picture wait (signals.image_saved): they are
        # rendered again by the save that stores the new renditions.
        self.renditions_pending = file_changed
        try:
            with images.removed_on_failure(self, "file", file_changed):
                super().save(*args, **kwargs)
                if file_changed:
                    self.refresh_renditions()
        finally:
            self.renditions_pending = False

    def refresh_renditions(self) -> None:
        """New renditions first, stored, then the old ones deleted: no text ever points at
        a file that is gone."""
        old = self.renditions
        self.renditions = images.make_renditions(self.file) if self.file else {}
        self.renditions_pending = False
        self.save(update_fields=["renditions", "updated_at"])
        images.delete_renditions(old)

    @property
    def markdown(self) -> str:
        """How an author places it: on a line of its own in a section or the lede."""
        return f"![{link_text(self.alt)}](image:{self.pk})"

    @property
    def thumbnail_url(self) -> str:
        narrowest = min(self.renditions or {}, key=int, default=None)
        return default_storage.url(self.renditions[narrowest]) if narrowest else ""

    def resolved(self) -> ResolvedImage:
        """The picture as the renderer writes it: renditions only, never the original."""
        widths = sorted(map(int, self.renditions))
        fallback = max((w for w in widths if w <= FALLBACK_WIDTH), default=widths[0])
        return ResolvedImage(
            src=default_storage.url(self.renditions[str(fallback)]),
            alt=self.alt,
            srcset=images.srcset(self.renditions),
            sizes=FIGURE_SIZES,
            width=fallback,
            height=images.scaled_height(self.width, self.height, fallback),
            caption=self.caption,
            credit=self.credit,
        )


class ImageUsage(models.Model):
    """A picture that an article's text places (kept current on save, by signals).

    One row per picture per section, or per picture in the lede (``section`` empty). It names
    the articles in the delete warning and tells which texts to render again when a
    picture's alt text, caption or credit changes.
    """

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="usages")
    article = models.ForeignKey("blog.Article", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(
        "blog.Section", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "picture use"
        indexes = [models.Index(fields=["image", "article"], name="imageusage_image_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "section"],
                condition=Q(section__isnull=False),
                name="imageusage_once_per_section",
            ),
            models.UniqueConstraint(
                fields=["image", "article"],
                condition=Q(section__isnull=True),
                name="imageusage_once_per_lede",
            ),
        ]

    def __str__(self) -> str:
        return f"Picture {self.image_id} in “{self.article}”"
