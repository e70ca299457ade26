"""The section editor's pickers in a browser: a picture and an affiliate link inserted from
the pickers reach the preview as a figure and a sponsored link."""

import pytest
from playwright.sync_api import expect

from blog.models import Article
from media_library.models import Image
from tests import factories
from tests.affiliates.factories import make_link
from tests.e2e.accessibility import audit, serious_violations
from tests.media_library.factories import make_image

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long pass phrase for tests"


def log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "owner")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_insert_a_picture_and_an_affiliate_link_from_the_pickers(live_server, page):
    factories.make_user(username="owner", password=PASSWORD, is_staff=True, is_superuser=True)
    image = make_image(alt="Fishing boats at dawn", caption="The harbour reopens")
    make_link(name="Acme Kettle", slug="acme-kettle", merchant="Kitchen World")
    make_link(name="Old Toaster", slug="old-toaster", is_active=False)
    article = factories.make_article(
        status=Article.Status.DRAFT,
        published_at=None,
        sections=[("section", "Harbour", "The boats came back.")],
    )
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/blog/article/{article.pk}/change/")

    body = page.locator("textarea[name='sections-0-body']")
    row = page.locator(".form-row", has=body)
    body.click()
    body.press("End")
    row.get_by_role("button", name="Insert picture").click()
    picker = page.get_by_role("dialog", name="Insert picture")
    picker.get_by_label("Search").fill("boats")
    picker.get_by_role("button", name="Insert: Fishing boats at dawn").click()
    expect(picker).to_be_hidden()
    expect(body).to_have_value(
        f"The boats came back.\n\n![Fishing boats at dawn](image:{image.pk})\n\n"
    )

    body.press("End")
    body.type("Boil water with ")
    row.get_by_role("button", name="Insert affiliate link").click()
    picker = page.get_by_role("dialog", name="Insert affiliate link")
    picker.get_by_label("Search").fill("kitchen")
    expect(picker.get_by_role("listitem")).to_have_count(1)
    picker.get_by_role("button", name="Link: Acme Kettle").click()
    expect(body).to_have_value(
        f"The boats came back.\n\n![Fishing boats at dawn](image:{image.pk})\n\n"
        "Boil water with [Acme Kettle](aff:acme-kettle)"
    )

    # A section added in the page gets the tools too (the empty form's template carries them).
    page.locator(".section-inline .add-row a").first.click()
    added = page.locator(".form-row", has=page.locator("textarea[name='sections-1-body']"))
    expect(added.get_by_role("button", name="Insert picture")).to_have_count(1)
    page.locator("select[name='sections-1-kind']").select_option(label="Conclusion")
    page.fill("textarea[name='sections-1-body']", "The outcome is uncertain.")

    page.locator("input[name=_preview]").first.click()
    page.wait_for_url("**/preview/**")
    figure = page.locator("figure.article-figure")
    expect(figure.locator("img")).to_have_attribute("alt", "Fishing boats at dawn")
    expect(figure.locator("figcaption")).to_have_text("The harbour reopens")
    link = page.get_by_role("link", name="Acme Kettle")
    expect(link).to_have_attribute("rel", "sponsored nofollow noopener")
    assert page.js_errors == []


def test_upload_a_picture_from_the_picker_without_leaving_the_article(live_server, page):
    """A refused upload says why and keeps the alt text; a good one is inserted at once."""
    factories.make_user(username="owner", password=PASSWORD, is_staff=True, is_superuser=True)
    article = factories.make_article(
        status=Article.Status.DRAFT, published_at=None, sections=[("section", "Harbour", "Hi.")]
    )
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/blog/article/{article.pk}/change/")
    body = page.locator("textarea[name='sections-0-body']")
    page.locator(".form-row", has=body).get_by_role("button", name="Insert picture").click()
    picker = page.get_by_role("dialog", name="Insert picture")
    picker.get_by_text("Upload a new picture").click()
    picker.get_by_label("Alt text").fill("A crane on the quay")
    not_a_picture = {"name": "crane.jpg", "mimeType": "image/jpeg", "buffer": b"no picture"}
    picker.get_by_label("Picture").set_input_files(not_a_picture)
    picker.get_by_role("button", name="Upload and insert").click()
    expect(picker.locator("#editor-upload-file-errors")).to_contain_text("Upload a valid image")
    expect(picker.get_by_label("Alt text")).to_have_value("A crane on the quay")

    picture = factories.image_file("crane.png", size=(800, 600))
    picker.get_by_label("Picture").set_input_files(
        {"name": "crane.png", "mimeType": "image/png", "buffer": picture.read()}
    )
    picker.get_by_role("button", name="Upload and insert").click()
    expect(picker).to_be_hidden()
    image = Image.objects.get()
    expect(body).to_have_value(f"Hi.\n\n![A crane on the quay](image:{image.pk})\n\n")
    assert page.js_errors == []


def test_the_pickers_and_the_media_library_have_no_serious_axe_violations(live_server, page):
    factories.make_user(username="owner", password=PASSWORD, is_staff=True, is_superuser=True)
    image = make_image(alt="Fishing boats at dawn", caption="The harbour reopens")
    article = factories.make_article(
        sections=[("section", "Harbour", f"Boats.\n\n![boats](image:{image.pk})")]
    )
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/blog/article/{article.pk}/change/")
    body = page.locator("textarea[name='sections-0-body']")
    page.locator(".form-row", has=body).get_by_role("button", name="Insert picture").click()
    picker = page.get_by_role("dialog", name="Insert picture")
    picker.get_by_text("Upload a new picture").click()
    expect(picker.get_by_role("button", name="Insert: Fishing boats at dawn")).to_be_visible()
    problems = serious_violations(page)
    library = f"{live_server.url}/admin/media_library/image/"
    for url in (
        library,
        f"{library}add/",
        f"{library}{image.pk}/change/",
        f"{library}{image.pk}/delete/",
        f"{live_server.url}{article.get_absolute_url()}",
    ):
        problems += audit(page, url)
    assert problems == []
