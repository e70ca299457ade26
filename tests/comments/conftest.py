import pytest

from comments import tokens
from tests import factories
from tests.comments.support import Clock


@pytest.fixture
def clock(monkeypatch):
    """The clock the form tokens read, moved by the test."""
    fake = Clock()
    monkeypatch.setattr(tokens, "current_time", fake)
    return fake


@pytest.fixture
def article(db):
    return factories.make_article(
        title="Harbour Talks Reopen",
        sections=factories.standard_sections(),
        author=factories.make_user(username="hale", email="hale@example.com"),
    )


@pytest.fixture
def moderator(db):
    """An editor who may moderate comments."""
    from django.contrib.auth.models import Permission

    user = factories.make_editor(username="mod", email="mod@example.com")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["can_moderate"]))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
