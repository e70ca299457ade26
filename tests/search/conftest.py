import pytest

from tests import factories


@pytest.fixture
def publish(db, django_capture_on_commit_callbacks):
    """make_article, with the after-commit index upkeep run as a real commit would run it."""

    def make(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return factories.make_article(**fields)

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A context manager running the after-commit callbacks of the writes inside it."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def titles(response) -> list[str]:
    return [result.article.title for result in response.context["search"].results]
