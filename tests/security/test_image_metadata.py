"""Threat: an uploaded photo leaks where it was taken, or an upload is not what it claims.

Phones write the GPS position, the camera and the time into a JPEG's EXIF block. Uploaded
originals are now re-encoded before they are stored: turned upright by their EXIF orientation,
then written without EXIF, XMP, IPTC or comments, with nothing after the image data and with
the extension of the format Pillow detected, whatever the uploader named the file. Images
whose sides cannot be encoded as WebP renditions (over 16,383 px) are refused with a form
error before anything is written, and public pages show WebP renditions, never the original.
"""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import ExifTags, Image

from affiliates.models import AffiliateLink
from blog.models import Article
from tests import factories
from tests.affiliates.test_admin import link_form
from tests.blog.test_admin import article_form_data

pytestmark = pytest.mark.django_db

ARTICLE_ADD = reverse("admin:blog_article_add")
LINK_ADD = reverse("admin:affiliates_affiliatelink_add")


def photo_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: camera, orientation and a GPS position (Pillow only)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 26.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif


def gps_jpeg(
    name="harbour.jpg", *, size=(64, 32), orientation=1, trailer=b""
) -> SimpleUploadedFile:
    """A JPEG with GPS EXIF, XMP and a comment; its left half red, its right half blue."""
    image = Image.new("RGB", size, (220, 20, 20))
    image.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    buffer = io.BytesIO()
    image.save(
        buffer, "JPEG", quality=95, exif=photo_exif(orientation), comment=b"taken at home",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>51,30N</exif:GPSLatitude>'
        b"</x:xmpmeta>",
    )  # fmt: skip
    return SimpleUploadedFile(name, buffer.getvalue() + trailer, content_type="image/jpeg")


def png_header_only(width: int, height: int, name="huge.png") -> SimpleUploadedFile:
    """A well-formed PNG that claims ``width`` × ``height`` (tiny on disk, never decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, png, content_type="image/png")


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def upload_featured_image(client, author, upload, **fields):
    data = article_form_data(author, [], featured_image=upload, featured_image_alt="A harbour")
    data.update(fields)
    return client.post(ARTICLE_ADD, data)


def open_stored(file) -> Image.Image:
    with default_storage.open(file.name, "rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def test_uploaded_jpeg_with_gps_is_stored_without_gps_as_jpg(editor_client, editor):
    """The public contract: the stored original has no GPS (nor any EXIF, XMP or comment)."""
    response = upload_featured_image(editor_client, editor, gps_jpeg())
    assert response.status_code == 302
    article = Article.objects.get()
    assert Path(article.featured_image.name).suffix == ".jpg"
    stored = open_stored(article.featured_image)
    assert stored.format == "JPEG"
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert dict(stored.getexif()) == {}
    assert not {"exif", "xmp", "comment", "photoshop"} & set(stored.info)
    with default_storage.open(article.featured_image.name, "rb") as raw:
        data = raw.read()
    assert b"PhoneMaker" not in data and b"GPSLatitude" not in data and b"taken at" not in data


def test_affiliate_product_image_is_stored_without_metadata(admin_client_logged):
    """Product images go through the same cleaning as featured images."""
    form = link_form(image=gps_jpeg("kettle.JPEG"), image_alt="A kettle")
    assert admin_client_logged.post(LINK_ADD, form).status_code == 302
    link = AffiliateLink.objects.get()
    assert Path(link.image.name).suffix == ".jpg"
    stored = open_stored(link.image)
    assert dict(stored.getexif()) == {} and "xmp" not in stored.info
    assert link.image_renditions, "product boxes need WebP renditions"


def test_oriented_jpeg_is_stored_upright(editor_client, editor):
    """A phone photo marked "rotate 90° clockwise" (orientation 6) is stored turned."""
    upload_featured_image(editor_client, editor, gps_jpeg(size=(64, 32), orientation=6))
    article = Article.objects.get()
    stored = open_stored(article.featured_image)
    assert stored.size == (32, 64)
    assert ExifTags.Base.Orientation not in stored.getexif()
    red, blue = stored.getpixel((16, 8)), stored.getpixel((16, 56))
    assert red[0] > 150 > red[2] and blue[2] > 150 > blue[0], (red, blue)
    assert (article.featured_image_width, article.featured_image_height) == (32, 64)


@pytest.mark.parametrize(
    ("name", "image_format", "suffix"),
    [("photo.pdf", "JPEG", ".jpg"), ("photo.ico", "PNG", ".png"), ("anim.jpg", "GIF", ".gif"),
     ("noext", "WEBP", ".webp"), ("x.svg", "JPEG", ".jpg")],
)  # fmt: skip
def test_stored_extension_is_the_detected_formats(
    editor_client, editor, name, image_format, suffix
):
    """The uploader's file name never decides the stored extension (or the served type)."""
    upload = factories.image_file(name, size=(40, 30), image_format=image_format)
    assert upload_featured_image(editor_client, editor, upload).status_code == 302
    stored = Article.objects.get().featured_image
    assert Path(stored.name).suffix == suffix
    assert open_stored(stored).format == image_format


def test_html_appended_to_a_jpeg_is_not_stored(editor_client, editor):
    """A polyglot (JPEG + HTML, named .eps) is re-encoded: nothing follows the image data."""
    trailer = b"<html><script>alert(document.cookie)</script></html>"
    upload_featured_image(editor_client, editor, gps_jpeg("poster.eps", trailer=trailer))
    article = Article.objects.get()
    assert Path(article.featured_image.name).suffix == ".jpg"
    with default_storage.open(article.featured_image.name, "rb") as raw:
        data = raw.read()
    assert b"<script" not in data and data.endswith(b"\xff\xd9")


@pytest.mark.parametrize(
    ("width", "height"), [(1, 40_000_000), (40_000_000, 1), (16_384, 1), (1, 16_384)]
)
def test_sides_wider_than_webp_allows_are_refused_and_nothing_is_stored(
    editor_client, editor, settings, width, height
):
    """A clear form error (not a 500), the typed fields kept, and no file in MEDIA_ROOT."""
    response = upload_featured_image(editor_client, editor, png_header_only(width, height))
    assert response.status_code == 200
    html = response.content.decode()
    assert "each side must be between 1 and 16,383 pixels" in html
    assert "Harbour Talks Reopen" in html
    assert not Article.objects.exists()
    assert stored_files(settings) == []


def test_refused_product_image_leaves_no_file(admin_client_logged, settings):
    """The affiliate form refuses an oversize image the same way."""
    form = link_form(image=png_header_only(1, 40_000_000), image_alt="")
    response = admin_client_logged.post(LINK_ADD, form)
    assert response.status_code == 200
    assert "16,383 pixels" in response.content.decode()
    assert stored_files(settings) == []


def test_largest_allowed_side_is_accepted(editor_client, editor):
    """16,383 px is within the limit: the image is stored and gets renditions."""
    upload = factories.image_file("strip.png", size=(16_383, 2))
    assert upload_featured_image(editor_client, editor, upload).status_code == 302
    assert Article.objects.get().image_renditions


def test_a_failed_save_removes_the_file_it_stored(settings, editor):
    """When the database refuses the row, the cleaned original it just stored is deleted."""
    factories.make_article(slug="taken", author=editor)
    article = Article(
        title="Duplicate", slug="taken", author=editor, featured_image_alt="x",
        featured_image=gps_jpeg(),
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()
    assert stored_files(settings) == []


def test_public_pages_show_renditions_with_their_size_never_the_original(
    client, editor_client, editor
):
    """Home page and article page use WebP renditions with width and height."""
    upload_featured_image(editor_client, editor, gps_jpeg(size=(1000, 500)))
    article = Article.objects.get()
    for url in ("/", article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert article.featured_image.url not in html, url
        assert "/media/renditions/" in html and ".webp" in html, url
        assert 'width="1000" height="500"' in html or 'width="800" height="400"' in html, url


def test_clean_stored_images_cleans_originals_uploaded_before(editor, settings):
    """Legacy originals (GPS, wrong extension) are re-stored clean with new renditions."""
    legacy = default_storage.save("articles/2020/01/old.pdf", gps_jpeg(orientation=6))
    article = factories.make_article(author=editor, featured_image_alt="x")
    Article.objects.filter(pk=article.pk).update(featured_image=legacy)
    out = io.StringIO()
    call_command("clean_stored_images", "--dry-run", stdout=out)
    assert "1 cleaned" in out.getvalue() and default_storage.exists(legacy)
    call_command("clean_stored_images", stdout=out)
    article.refresh_from_db()
    assert Path(article.featured_image.name).suffix == ".jpg"
    stored = open_stored(article.featured_image)
    assert dict(stored.getexif()) == {} and stored.size == (32, 64)
    assert article.image_renditions and not default_storage.exists(legacy)
    out = io.StringIO()
    call_command("clean_stored_images", stdout=out)
    assert "0 cleaned, 1 clean already" in out.getvalue()
