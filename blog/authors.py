"""Author profiles: the bio and photo on an author's page, edited by the author.

A profile belongs to one person (``user``); authors edit their own in the admin (**Author
profiles → My profile**), editors any. The photo is a ``CleanImageField`` like every upload
(checked by content, stored without metadata) and pages show its WebP renditions.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.urls import reverse

from . import images

BIO_MAX_LENGTH = 1_500


class AuthorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_profile"
    )
    bio = models.TextField(
        blank=True,
        max_length=BIO_MAX_LENGTH,
        validators=[ProhibitNullCharactersValidator(), MaxLengthValidator(BIO_MAX_LENGTH)],
        help_text=(
            "A few sentences about you, shown on your author page (plain text; a blank line "
            "starts a new paragraph; at most 1,500 characters)."
        ),
    )
    photo = images.CleanImageField(
        upload_to="authors/%Y/",
        blank=True,
        help_text=(
            "A portrait, shown round beside your bio. JPEG, PNG, WebP or GIF; stored without "
            "its EXIF/XMP data; readers get resized WebP copies."
        ),
    )
    # {"480": "renditions/…-480.webp", …} and the upright original's size (filled on save).
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "author profile"
        verbose_name_plural = "author profiles"

    def __str__(self) -> str:
        return f"Profile of {self.user.get_full_name() or self.user.get_username()}"

    def save(self, *args, **kwargs) -> None:
        photo_changed = images.image_changed(self, "photo")
        with images.removed_on_failure(self, "photo", photo_changed):
            super().save(*args, **kwargs)
            if photo_changed:
                self.refresh_renditions()

    def get_absolute_url(self) -> str:
        return reverse("blog:author", kwargs={"username": self.user.get_username()})

    def refresh_renditions(self) -> None:
        images.delete_renditions(self.photo_renditions)
        photo = self.photo
        renditions = images.make_renditions(photo) if photo else {}
        size = (photo.width, photo.height) if photo else (None, None)
        AuthorProfile.objects.filter(pk=self.pk).update(
            photo_renditions=renditions, photo_width=size[0], photo_height=size[1]
        )
        self.photo_renditions = renditions
        self.photo_width, self.photo_height = size
