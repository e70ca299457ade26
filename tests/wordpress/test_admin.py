"""The owner's "Import from WordPress" page: upload, dry-run report, confirm."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blog.models import Article
from tests.factories import make_editor
from wordpress.models import ImportRun

from .support import SITE, post_item, write_wxr

pytestmark = pytest.mark.django_db
URL = "/admin/wordpress/importrun/import/"


@pytest.fixture(autouse=True)
def _private_upload_dir(settings, tmp_path):
    settings.WORDPRESS_IMPORT_DIR = tmp_path / "uploads"


def _upload(client, path, **data):
    file = SimpleUploadedFile("export.xml", path.read_bytes(), content_type="text/xml")
    return client.post(URL, {"export": file, **data})


def test_upload_shows_the_dry_run_report_and_writes_nothing(admin_client):
    """The first step shows the report and creates nothing."""
    response = _upload(admin_client, SITE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Articles: 2 published, 1 scheduled, 3 drafts" in html
    assert "nothing has been written yet" in html
    assert not Article.objects.exists()


def test_confirming_imports_and_records_the_run(admin_client, admin_user):
    """Confirming the report imports the file and keeps the report in the history."""
    html = _upload(admin_client, SITE).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = admin_client.post(URL, {"confirm": "1", "token": token, "file_name": "export.xml"})
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:wordpress_importrun_change", args=[run.pk])
    assert Article.objects.filter(slug="sanctions-relief").exists()
    assert run.user == admin_user and "Articles: 2 published" in run.report
    assert admin_client.get(response["Location"]).status_code == 200


def test_a_forged_token_imports_nothing(admin_client):
    """The confirmation names the upload only through a signed token."""
    response = admin_client.post(URL, {"confirm": "1", "token": "../../etc/passwd"})
    assert response.status_code == 200
    assert "expired" in response.content.decode()
    assert not Article.objects.exists()


def test_a_hostile_file_is_refused_with_a_message(admin_client, tmp_path):
    """An XML bomb is refused on the form, and nothing is written."""
    bomb = write_wxr(tmp_path, post_item(1), prolog='<!DOCTYPE x [<!ENTITY a "aaaa">]>\n')
    html = _upload(admin_client, bomb).content.decode()
    assert "Nothing can be imported" in html
    assert not Article.objects.exists()


def test_files_over_the_limit_or_not_xml_are_refused(admin_client, monkeypatch):
    """Uploads are limited in size and must be XML."""
    file = SimpleUploadedFile("x.xml", b"GIF89a...", content_type="text/xml")
    assert "not a WordPress export" in admin_client.post(URL, {"export": file}).content.decode()
    monkeypatch.setattr("wordpress.admin.MAX_UPLOAD_BYTES", 100)
    html = _upload(admin_client, SITE).content.decode()
    assert "larger than" in html


def test_only_superusers_may_import(client):
    """Editors (staff, not owners) cannot open the page or the history."""
    client.force_login(make_editor())
    assert client.get(URL).status_code == 403
    assert client.get("/admin/wordpress/importrun/").status_code == 403


def test_the_history_links_to_the_import_page(admin_client):
    """The import history offers "Import from WordPress"."""
    html = admin_client.get("/admin/wordpress/importrun/").content.decode()
    assert URL in html and "Import from WordPress" in html
