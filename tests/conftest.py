import copy
import os

import pytest
from django.conf import settings as django_settings
from django.test.utils import override_settings

from tests import factories
from tests.caching import clear_cache


@pytest.fixture(scope="session", autouse=True)
def _private_cache_namespace():
    """Each test run gets its own key prefix, so runs sharing a Redis server stay apart."""
    caches = copy.deepcopy(django_settings.CACHES)
    for alias in caches.values():
        alias["KEY_PREFIX"] = f"{alias.get('KEY_PREFIX', '')}-test-{os.getpid()}"
    with override_settings(CACHES=caches):
        yield
        clear_cache()


@pytest.fixture(autouse=True)
def _isolated_site(settings, tmp_path):
    """Uploads go to a temporary folder; the cache starts empty; hashing is fast."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "EPOCH_FILE": tmp_path / "page-cache.epoch"}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def no_page_cache(settings):
    """Every request renders its page: for tests that count what a render costs."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}


@pytest.fixture
def author(db):
    return factories.make_user(username="hale", first_name="Miriam", last_name="Hale")


@pytest.fixture
def editor(db):
    """A staff member with the Editors group's article permissions."""
    return factories.make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def admin_client_logged(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def kinds(db):
    return factories.kinds()
