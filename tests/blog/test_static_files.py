"""Static files: collected hashed and compressed whatever STATIC_ROOT holds; served for a year."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

STORAGE = {"BACKEND": "config.staticfiles.StaticStorage"}


@pytest.fixture
def collected(settings, tmp_path):
    """collectstatic into an empty STATIC_ROOT with the production storage (admin files aside)."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": STORAGE}
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin*"])
    settings.WHITENOISE_USE_FINDERS = False
    return settings.STATIC_ROOT


def test_collectstatic_writes_hashed_gzip_and_brotli_files(collected):
    """From an empty STATIC_ROOT: the manifest, hashed names and .gz/.br copies."""
    assert (collected / "staticfiles.json").exists()
    hashed = [path.name for path in (collected / "css").iterdir()]
    stylesheet = next(name for name in hashed if re.fullmatch(r"site\.[0-9a-f]{12}\.css", name))
    assert f"{stylesheet}.gz" in hashed and f"{stylesheet}.br" in hashed


def test_pages_link_hashed_files_served_immutable_for_a_year(collected, kinds):
    """The page names the hashed stylesheet; it is served for a year, immutable, Brotli."""
    client = Client()
    html = client.get("/").content.decode()
    url = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)[1]
    response = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Encoding"] == "br"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_before_collectstatic_pages_use_plain_names(settings, tmp_path, kinds):
    """A fresh checkout (no manifest) links /static/css/site.css and serves it."""
    settings.STATIC_ROOT = tmp_path / "empty"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {**settings.STORAGES, "staticfiles": STORAGE}
    settings.WHITENOISE_USE_FINDERS = True
    client = Client()
    assert 'href="/static/css/site.css"' in client.get("/").content.decode()
    assert client.get("/static/css/site.css").status_code == 200


def test_a_new_collectstatic_is_linked_at_once(settings, tmp_path, kinds):
    """Static URLs are remembered per process, and forgotten when collectstatic writes a new
    manifest: pages never link a name the new manifest no longer has."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False, "FRAGMENTS": False}
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {**settings.STORAGES, "staticfiles": STORAGE}
    client = Client()
    assert 'href="/static/css/site.css"' in client.get("/").content.decode()
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin*"])
    assert re.search(
        r'href="/static/css/site\.[0-9a-f]{12}\.css"', client.get("/").content.decode()
    )
