"""The media library in the admin: uploads checked and cleaned, alt text required, and a
picture in use named with its articles before it is deleted (one or several)."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags

from media_library.models import Image, ImageUsage
from tests import factories
from tests.media_library.factories import make_image
from tests.security.test_image_metadata import gps_jpeg, open_stored

pytestmark = pytest.mark.django_db

ADD = reverse("admin:media_library_image_add")
CHANGELIST = reverse("admin:media_library_image_changelist")


def picture_form(**overrides) -> dict:
    return {"alt": "Fishing boats in the harbour", "caption": "", "credit": "", **overrides}


def placing(image) -> str:
    return f"Before.\n\n![boats](image:{image.pk})\n\nAfter."


def test_uploaded_jpeg_with_gps_is_stored_without_it(client, desk_editor):
    """An upload is stored re-encoded with no EXIF/GPS, and gets WebP renditions."""
    client.force_login(desk_editor)
    response = client.post(ADD, picture_form(file=gps_jpeg(size=(900, 600))))
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == desk_editor
    assert Path(image.file.name).suffix == ".jpg"
    stored = open_stored(image.file)
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) and dict(stored.getexif()) == {}
    with default_storage.open(image.file.name, "rb") as raw:
        assert b"GPSLatitude" not in raw.read()
    assert (image.width, image.height) == (900, 600)
    assert sorted(image.renditions, key=int) == ["480", "800", "900"]
    assert all(name.endswith(".webp") for name in image.renditions.values())


def test_a_file_that_is_not_an_image_is_refused_and_the_text_kept(client, desk_editor):
    """A renamed text file is judged by its content: refused, nothing stored, fields kept."""
    client.force_login(desk_editor)
    fake = SimpleUploadedFile("boats.jpg", b"not a picture at all", "image/jpeg")
    response = client.post(ADD, picture_form(file=fake, caption="Dawn in the harbour"))
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert "Dawn in the harbour" in response.content.decode()
    assert "Fishing boats in the harbour" in response.content.decode()
    assert not Image.objects.exists()


def test_alt_text_is_required(client, desk_editor):
    client.force_login(desk_editor)
    response = client.post(ADD, picture_form(alt="  ", file=factories.image_file()))
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Image.objects.exists()


def test_authors_may_upload_but_not_delete(client, writer):
    image = make_image()
    client.force_login(writer)
    assert client.post(ADD, picture_form(file=factories.image_file())).status_code == 302
    delete = reverse("admin:media_library_image_delete", args=[image.pk])
    assert client.get(delete).status_code == 403


def test_change_form_names_the_articles_using_the_picture(client, desk_editor):
    image = make_image()
    article = factories.make_article(
        title="Harbour Talks", sections=[("section", "Boats", placing(image))]
    )
    client.force_login(desk_editor)
    page = client.get(reverse("admin:media_library_image_change", args=[image.pk])).content
    page = page.decode()
    assert "Harbour Talks" in page
    assert reverse("admin:blog_article_change", args=[article.pk]) in page
    assert f"![Fishing boats](image:{image.pk})" not in page  # the library's own alt text
    assert f"(image:{image.pk})" in page


def test_deleting_a_picture_in_use_warns_naming_the_articles(client, desk_editor):
    """The confirmation names each article whose text places it; confirming removes it from
    their stored HTML (no broken image left behind)."""
    image = make_image()
    used = factories.make_article(
        title="Harbour Talks", sections=[("section", "A", placing(image))]
    )
    factories.make_article(title="Lede Only", intro=placing(image))
    factories.make_article(title="Unrelated Piece")
    client.force_login(desk_editor)
    delete = reverse("admin:media_library_image_delete", args=[image.pk])
    page = client.get(delete).content.decode()
    assert "In use." in page and "2 articles" in page
    assert "Harbour Talks" in page and "Lede Only" in page and "Unrelated Piece" not in page
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Image.objects.exists() and not ImageUsage.objects.exists()
    section = used.sections.get()
    assert "<img" not in section.body_html and "Before." in section.body_html


def test_deleting_an_unused_picture_has_no_warning(client, desk_editor):
    image = make_image()
    client.force_login(desk_editor)
    page = client.get(reverse("admin:media_library_image_delete", args=[image.pk]))
    assert "In use." not in page.content.decode()


def test_bulk_delete_warns_naming_every_article(client, desk_editor):
    first, second, unused = make_image(), make_image(alt="A quay"), make_image(alt="A crane")
    factories.make_article(title="First Story", sections=[("section", "A", placing(first))])
    factories.make_article(title="Second Story", intro=placing(second))
    client.force_login(desk_editor)
    data = {"action": "delete_selected", "_selected_action": [first.pk, second.pk, unused.pk]}
    page = client.post(CHANGELIST, data).content.decode()
    assert "In use." in page and "First Story" in page and "Second Story" in page
    assert client.post(CHANGELIST, {**data, "post": "yes"}).status_code == 302
    assert not Image.objects.exists()


def test_library_list_shows_uses_in_a_fixed_number_of_queries(
    client, desk_editor, django_assert_max_num_queries
):
    """The "used in" column is prefetched for the page, not read per picture (no N+1)."""
    client.force_login(desk_editor)
    for size in (2, 8):
        while Image.objects.count() < size:
            image = make_image()
            factories.make_article(sections=[("section", "A", placing(image))])
        with django_assert_max_num_queries(12):
            response = client.get(CHANGELIST)
        assert response.status_code == 200
        assert response.content.decode().count('class="library-thumbnail"') == size
