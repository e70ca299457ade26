"""The section editor's pickers (blog.extensions.editor_tools): staff-only, permission-
checked JSON endpoints with bounded input and output, offered on every section body."""

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from media_library.models import Image
from tests import factories
from tests.affiliates.factories import make_link
from tests.media_library.factories import make_image
from tests.security.test_image_metadata import gps_jpeg

pytestmark = pytest.mark.django_db

PICTURES = reverse("admin:media_library_image_picker")
LINKS = reverse("admin:affiliates_affiliatelink_picker")


def results(client, url, q=""):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    return response.json()["results"]


@pytest.mark.parametrize("url", [PICTURES, LINKS])
def test_pickers_are_for_staff_only(client, url):
    """Anonymous visitors are sent to the login page; non-staff too; nothing is listed."""
    make_image()
    make_link(name="Acme Kettle", slug="acme-kettle")
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(factories.make_user())
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("url", [PICTURES, LINKS])
def test_pickers_need_the_permission(client, url):
    client.force_login(factories.make_user(is_staff=True))
    assert client.get(url).status_code == 403


def test_picture_picker_finds_by_alt_caption_credit_and_number(client, writer):
    harbour = make_image(alt="Fishing boats", caption="Dawn at Lisvard", credit="Ana Lee")
    make_image(alt="A crane on the quay")
    client.force_login(writer)
    assert len(results(client, PICTURES)) == 2
    for text in ("boats", "lisvard", "ana lee", str(harbour.pk)):
        (found,) = results(client, PICTURES, text)
        assert found["label"] == "Fishing boats"
        assert found["choices"] == [
            {"label": "Insert", "markdown": f"![Fishing boats](image:{harbour.pk})", "block": True}
        ]
        assert found["thumbnail"].endswith("-480.webp")


def test_affiliate_picker_finds_active_links_by_name_or_merchant(client, writer):
    make_link(name="Acme Kettle", slug="acme-kettle", merchant="Kitchen World")
    make_link(name="Old Toaster", slug="old-toaster", merchant="Kitchen World", is_active=False)
    make_link(name="Garden [Hose]", slug="hose", merchant="Outdoors")
    client.force_login(writer)
    assert [r["label"] for r in results(client, LINKS, "kitchen")] == ["Acme Kettle"]
    (kettle,) = results(client, LINKS, "kettle")
    assert kettle["choices"] == [
        {"label": "Link", "markdown": "[{text}](aff:acme-kettle)", "block": False},
        {"label": "Product box", "markdown": "[Acme Kettle](aff:acme-kettle#box)", "block": True},
    ]
    (hose,) = results(client, LINKS, "outdoors")
    assert hose["choices"][1]["markdown"] == r"[Garden \[Hose\]](aff:hose#box)"
    assert "Old Toaster" not in json.dumps(results(client, LINKS))


def test_pickers_answer_at_most_twenty_in_a_fixed_number_of_queries(
    client, desk_editor, django_assert_max_num_queries
):
    """Input is cut at 100 characters; output at 20 results; queries do not grow with data."""
    client.force_login(desk_editor)
    for size in (3, 25):
        while Image.objects.count() < size:
            number = Image.objects.count()
            make_link(name=f"Kettle {number:02}", slug=f"kettle-{number}")
            make_image(alt=f"Kettle {number:02}")
        for url in (PICTURES, LINKS):
            with django_assert_max_num_queries(8):
                found = results(client, url, "kettle " + "x" * 500)
            assert found == []
            with django_assert_max_num_queries(8):
                assert len(results(client, url, "kettle")) == min(size, 20)


def test_section_bodies_offer_the_tools_and_their_syntax(client, writer):
    """Every section body textarea (the empty template for new ones too) lists the tools."""
    factories.kinds()
    client.force_login(writer)
    html = client.get(reverse("admin:blog_article_add")).content.decode()
    textareas = re.findall(r"<textarea[^>]*name=\"sections-[^\"]*-body\"[^>]*>", html)
    assert textareas
    for textarea in textareas:
        assert PICTURES in textarea and LINKS in textarea
    assert "![alt text](image:42)" in html and "(aff:acme-kettle)" in html
    assert "js/admin-editor-tools.js" in html


def test_people_without_the_permission_get_no_tool(client, editor):
    """An editor without media-library or affiliate permissions sees no picker button."""
    factories.kinds()
    client.force_login(editor)
    html = client.get(reverse("admin:blog_article_add")).content.decode()
    assert "data-editor-tools" not in html


UPLOAD = reverse("admin:media_library_image_upload")


def test_the_picture_picker_uploads_with_the_add_forms_checks(client, writer):
    """GET describes the fields; a bad POST names what is wrong and stores nothing; a good
    one stores a cleaned picture and answers it ready to insert."""
    client.force_login(writer)
    fields = client.get(UPLOAD).json()["fields"]
    assert [(f["name"], f["type"], f["required"]) for f in fields] == [
        ("file", "file", True),
        ("alt", "text", True),
        ("caption", "text", False),
        ("credit", "text", False),
    ]
    fake = SimpleUploadedFile("boats.jpg", b"not a picture", content_type="image/jpeg")
    refused = client.post(UPLOAD, {"file": fake, "alt": ""})
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"file", "alt"}
    assert not Image.objects.exists()
    answer = client.post(UPLOAD, {"file": gps_jpeg(size=(640, 480)), "alt": "Boats"})
    assert answer.status_code == 201
    image = Image.objects.get()
    assert image.uploaded_by == writer and image.renditions
    assert answer.json()["result"]["choices"][0]["markdown"] == f"![Boats](image:{image.pk})"


def test_uploading_from_the_picker_needs_the_add_permission(client):
    viewer = factories.make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_image"))
    client.force_login(viewer)
    assert client.get(PICTURES).status_code == 200
    assert client.get(UPLOAD).status_code == 403
    upload = {"file": factories.image_file(), "alt": "Boats"}
    assert client.post(UPLOAD, upload).status_code == 403
    assert not Image.objects.exists()


def test_the_upload_is_offered_only_to_those_who_may_add(client, writer):
    factories.kinds()
    client.force_login(writer)
    html = client.get(reverse("admin:blog_article_add")).content.decode()
    assert UPLOAD in html
    viewer = factories.make_user(is_staff=True)
    codenames = ["view_image", "add_article", "change_article", "view_article", "add_section"]
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(viewer)
    html = client.get(reverse("admin:blog_article_add")).content.decode()
    assert PICTURES in html and UPLOAD not in html


def test_uploading_from_the_picker_needs_the_csrf_token(writer):
    """A page on another site cannot make a logged-in author's browser upload a picture."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    upload = {"file": factories.image_file(), "alt": "Boats"}
    assert client.post(UPLOAD, upload).status_code == 403
    assert not Image.objects.exists()
    token = client.get(reverse("admin:blog_article_add")).context["csrf_token"]
    upload = {"file": factories.image_file(), "alt": "Boats"}
    assert client.post(UPLOAD, upload, headers={"X-CSRFToken": str(token)}).status_code == 201
