"""What an author's page shows above their articles: name, photo, bio, structured data."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.core.files.storage import default_storage
from django.urls import reverse

from .images import scaled_height, srcset
from .presentation import FeaturedImage, author_name

# The photo is shown at most this wide (CSS), so the smallest rendition is enough for it.
PHOTO_DISPLAY_WIDTH = 160


@dataclass(frozen=True)
class AuthorProfilePage:
    name: str
    bio_paragraphs: list[str]
    photo: FeaturedImage | None
    structured_data: dict = field(default_factory=dict)

    @property
    def has_details(self) -> bool:
        """Whether there is a bio or photo to show (an author without a profile has none)."""
        return bool(self.bio_paragraphs or self.photo)


def photo_of(profile) -> FeaturedImage | None:
    """The portrait as readers get it: WebP renditions, never the uploaded original."""
    renditions = (profile.photo_renditions or {}) if profile else {}
    if not profile or not profile.photo or not renditions:
        return None
    smallest = min(renditions, key=int)
    return FeaturedImage(
        url=default_storage.url(renditions[smallest]),
        srcset=srcset(renditions),
        alt=f"Photo of {author_name(profile.user)}",
        caption="",
        credit="",
        width=int(smallest),
        height=scaled_height(profile.photo_width, profile.photo_height, smallest),
    )


def profile_of(user, request) -> AuthorProfilePage:
    """The header of ``user``'s author page (their profile is read with them: no query)."""
    try:
        profile = user.author_profile
    except ObjectDoesNotExist:
        profile = None
    name = author_name(user)
    bio = profile.bio if profile else ""
    paragraphs = [" ".join(part.split()) for part in bio.replace("\r\n", "\n").split("\n\n")]
    photo = photo_of(profile)
    url = request.build_absolute_uri(reverse("blog:author", args=[user.get_username()]))
    person = {"@type": "Person", "name": name, "url": url}
    if bio:
        person["description"] = " ".join(" ".join(paragraphs).split())
    if photo:
        person["image"] = request.build_absolute_uri(photo.url)
    data = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "mainEntity": person,
    }
    if profile and profile.updated_at:
        data["dateModified"] = profile.updated_at.isoformat()
    return AuthorProfilePage(
        name=name,
        bio_paragraphs=[paragraph for paragraph in paragraphs if paragraph],
        photo=photo,
        structured_data=data,
    )
