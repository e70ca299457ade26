import copy
import os

import pytest
from django.conf import settings as django_settings
from django.test.utils import override_settings
from django.utils import timezone

from affiliates.models import AffiliateLink, ArticleProduct
from comments.models import Comment
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
    """Every request renders its whole page (no page, no fragments kept): for tests that
    count what a render costs."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False, "FRAGMENTS": False}


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


@pytest.fixture
def demo_article(db):
    """A small site like the demo's, for whole-page checks (validity, accessibility): three
    published articles with pictures and tags; the first also has sections, a thread with a
    reply and a product box (picture, price). Returns the first. (`load_demo` costs ~8 s.)"""
    factories.kinds()
    articles = [
        factories.make_article(
            sections=factories.standard_sections(),
            featured_image=factories.image_file(f"picture-{number}.png", size=(800, 450)),
            featured_image_alt=f"Picture number {number}",
            featured_image_caption="A caption." if number == 0 else "",
            featured_image_credit="Broadsheet" if number == 0 else "",
        )
        for number in range(3)
    ]
    tag_sets = (["diplomacy", "trade"], ["diplomacy"], ["trade"])
    for article, tags in zip(articles, tag_sets, strict=True):
        article.tags.set(tags)
    article = articles[0]
    first = Comment.objects.create(
        article=article, name="Ana", email="ana@example.org", body="Well *argued*.",
        status=Comment.Status.APPROVED,
    )  # fmt: skip
    Comment.objects.create(
        article=article, name="Jonah", email="jonah@example.org", body="Agreed.",
        status=Comment.Status.APPROVED, parent=first,
    )  # fmt: skip
    link = AffiliateLink.objects.create(
        slug="acme-kettle", name="Acme Kettle", merchant="Acme Housewares",
        destination_url="https://example.org/kettle", pitch="Boils a litre in a minute.",
        image=factories.image_file("kettle.png", size=(600, 600)), image_alt="A steel kettle",
        price_text="£49", price_checked_on=timezone.localdate(),
    )  # fmt: skip
    ArticleProduct.objects.create(article=article, link=link)
    return article
