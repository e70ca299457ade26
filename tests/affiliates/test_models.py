"""Links and their validation, the click total, the disclosure singleton and its cache."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from affiliates.models import AffiliateLink, DisclosureSettings
from affiliates.services import record_click
from tests import factories
from tests.affiliates.factories import make_link, place_box
from tests.html_checks import dangers

pytestmark = pytest.mark.django_db

HOSTILE_DESTINATIONS = [
    ("javascript", "javascript:alert(1)"),
    ("javascript-mixed-case", "JaVaScRiPt:alert(1)"),
    ("javascript-newline", "java\nscript:alert(1)"),
    ("javascript-after-space", " javascript:alert(1)"),
    ("vbscript", "vbscript:msgbox(1)"),
    ("data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("file", "file:///etc/passwd"),
    ("ftp", "ftp://shop.example/kettle"),
    ("protocol-relative", "//evil.example/kettle"),
    ("no-scheme", "shop.example/kettle"),
    ("leading-space", " http://shop.example/kettle"),
    ("trailing-newline", "http://shop.example/kettle\n"),
    ("tab-inside", "https://shop.\texample/kettle"),
    ("space-inside", "https://shop.example/ket tle"),
    ("nul", "https://shop.example/\x00kettle"),
    ("nul-alone", "\x00"),
    ("zero-width-space", "https://shop.example\u200b.evil.example/"),
    ("backslash-authority", "http:/\\evil.example"),
    ("double-backslash", "http:\\\\evil.example"),
    ("backslash-in-path", "https://shop.example\\@evil.example/"),
    ("credentials-deception", "https://shop.example@evil.example/"),
    ("user-and-password", "https://user:secret@shop.example/"),
    ("single-slash", "http:/evil.example"),
    ("no-host", "https://"),
    ("bad-port", "https://shop.example:99999/"),
    ("empty", ""),
]

VALID_DESTINATIONS = [
    "https://shop.example/kettle?tag=broadsheet-21&utm_source=broadsheet",
    "http://127.0.0.1:8000/offer",
    "https://xn--bcher-kva.example/buch",
    "https://bücher.example/buch",
    "HTTPS://Shop.Example/Kettle",
]


def test_contract_name_slug_destination_and_active_are_enough():
    """AffiliateLink(name, slug, destination_url, is_active) is valid and has no clicks yet."""
    link = AffiliateLink(
        name="Acme Kettle", slug="acme-kettle", destination_url="https://shop.example/k",
        is_active=True,
    )  # fmt: skip
    link.full_clean()
    link.save()
    assert link.total_clicks() == 0
    assert link.get_absolute_url() == "/go/acme-kettle/"
    assert str(link) == "Acme Kettle"


@pytest.mark.parametrize("destination", [d for _, d in HOSTILE_DESTINATIONS],
                         ids=[i for i, _ in HOSTILE_DESTINATIONS])  # fmt: skip
def test_full_clean_rejects_hostile_destinations(destination):
    """Anything but a plain absolute http(s) URL with a host is a validation error."""
    link = AffiliateLink(name="Kettle", slug="kettle", destination_url=destination)
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "destination_url" in error.value.message_dict


@pytest.mark.parametrize("destination", VALID_DESTINATIONS)
def test_full_clean_accepts_web_addresses(destination):
    """Ordinary affiliate URLs (query strings, ports, IDN hosts) are accepted unchanged."""
    link = AffiliateLink(name="Kettle", slug="kettle", destination_url=destination)
    link.full_clean()
    link.save()
    assert AffiliateLink.objects.get(pk=link.pk).destination_url == destination


@pytest.mark.parametrize("used_in", ["lede", "section", "box"])
def test_full_clean_refuses_renaming_a_link_that_articles_use(used_in):
    """Articles store /go/<slug>/, so a used link's slug cannot change; the reason is given."""
    link = make_link(slug="kettle")
    text = "[the kettle](aff:kettle)"
    if used_in == "lede":
        factories.make_article(intro=text)
    elif used_in == "section":
        factories.make_article(sections=[("section", "A", text)])
    else:
        place_box(factories.make_article(), link)
    link.slug = "new-kettle"
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "/go/kettle/" in error.value.message_dict["slug"][0]
    assert error.value.error_dict["slug"][0].code == "slug_in_use"


def test_full_clean_lets_used_links_change_otherwise_and_unused_links_be_renamed():
    """Only the slug of a used link is fixed: other fields change, unused links rename."""
    used, unused = make_link(slug="used"), make_link(slug="unused")
    factories.make_article(intro="[it](aff:used)")
    used.name, used.pitch = "Renamed", "A new pitch."
    used.full_clean()
    unused.slug = "renamed"
    unused.full_clean()


def test_whitespace_is_refused_not_stripped():
    """A pasted address with a stray space is refused with an explanation, never altered."""
    link = AffiliateLink(name="Kettle", slug="kettle", destination_url="https://shop.example/k ")
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "spaces" in error.value.message_dict["destination_url"][0]
    assert link.destination_url.endswith(" ")


def test_database_refuses_non_web_destinations_written_around_validation():
    """A check constraint keeps javascript: out even when full_clean() is skipped."""
    with pytest.raises(IntegrityError), transaction.atomic():
        AffiliateLink.objects.create(name="x", slug="x", destination_url="javascript:alert(1)")


def test_image_must_be_a_real_image():
    """The product image is opened by Pillow: a text file named .png is refused."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("kettle.png", b"not really a png", content_type="image/png")
    link = AffiliateLink(
        name="Kettle", slug="kettle", destination_url="https://shop.example/", image=fake
    )
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "image" in error.value.message_dict


def test_image_dimensions_are_recorded():
    """A real image is accepted and its size stored, so boxes reserve its space."""
    link = make_link(image=factories.image_file("kettle.png", size=(300, 200)))
    assert (link.image_width, link.image_height) == (300, 200)


def test_total_clicks_sums_every_day_and_article():
    """total_clicks() adds all counters of the link, and only of that link."""
    link, other = make_link(), make_link()
    article = factories.make_article()
    from datetime import date

    for day, article_id in [
        (date(2025, 3, 1), None),
        (date(2025, 3, 1), article.pk),
        (date(2025, 3, 2), article.pk),
        (date(2025, 3, 2), article.pk),
    ]:
        record_click(link_id=link.pk, article_id=article_id, day=day)  # fmt: skip
    record_click(link_id=other.pk, article_id=None, day=date(2025, 3, 1))
    assert link.total_clicks() == 4
    assert other.total_clicks() == 1


def test_disclosure_defaults_without_a_row_and_without_writing():
    """Before the owner saves anything, load() gives the default text and writes nothing."""
    settings = DisclosureSettings.load()
    assert "small commission" in settings.text_html
    assert settings.placement == DisclosureSettings.Placement.BEFORE_FIRST_LINK
    assert not DisclosureSettings.objects.exists()


def test_disclosure_is_cached_and_invalidated_on_save():
    """A warm load costs no query; saving shows the new text at once."""
    DisclosureSettings.load()
    with CaptureQueriesContext(connection) as queries:
        DisclosureSettings.load()
    assert len(queries) == 0
    settings = DisclosureSettings.load()
    settings.text = "We earn from *qualifying* purchases."
    settings.save()
    assert (
        DisclosureSettings.load().text_html == "<p>We earn from <em>qualifying</em> purchases.</p>"
    )


def test_disclosure_is_a_singleton():
    """Saving a second instance overwrites the one row instead of adding another."""
    DisclosureSettings(text="First").save()
    DisclosureSettings(text="Second").save()
    assert DisclosureSettings.objects.count() == 1
    assert DisclosureSettings.objects.get().text == "Second"


def test_disclosure_markdown_is_sanitised():
    """The disclosure is Markdown rendered through blog.markup: scripts never survive."""
    settings = DisclosureSettings(text="Thanks <script>alert(1)</script>[policy](javascript:x)")
    settings.save()
    assert dangers(settings.text_html) == []
    assert "<script" not in settings.text_html
