import re

import pytest
from django.utils import timezone

from subscriptions import tokens
from subscriptions.models import Subscriber
from tests import factories
from tests.comments.support import Clock

FOLLOW_URL = "/follow/"


@pytest.fixture
def clock(monkeypatch):
    """The clock the form tokens read, moved by the test."""
    fake = Clock()
    monkeypatch.setattr(tokens, "current_time", fake)
    return fake


@pytest.fixture
def committed(db, django_capture_on_commit_callbacks):
    """A context manager running the after-commit callbacks of the writes inside it."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def subscriber(email="reader@example.com", status=Subscriber.Status.CONFIRMED, tags=()):
    now = timezone.now()
    person = Subscriber.objects.create(
        email=email, status=status, confirmed_at=now, status_changed_at=now
    )
    if tags:
        from blog.models import Tag

        person.tags.set([Tag.objects.get_or_create(name=name)[0] for name in tags])
    return person


def publish(committed, **fields):
    # Published now: the factory dates each new article a minute earlier than the last, so
    # late in a long run its default falls outside the announcement window.
    fields.setdefault("published_at", timezone.now())
    with committed():
        return factories.make_article(**fields)


def form_token(html: str, client=None) -> str:
    """The follow form's token as a reader's browser has it: in the page when the form was
    shown again, else fetched from the form's token URL (static/js/form-token.js)."""
    box = html.split('class="follow-box"')[1]
    token = re.search(r'name="stamp" value="([^"]*)"', box)[1]
    if not token and client is not None:
        url = re.search(r'data-token-url="([^"]+)"', box)[1]
        token = client.get(url).json()["token"]
    return token


def follow(client, clock, committed, *, page="/", wait=5, meta=None, **fields):
    """Fetch ``page``, the form's token, wait, post the form; returns the response."""
    token = form_token(client.get(page).content.decode(), client)
    clock.advance(wait)
    data = {"email": "reader@example.com", "stamp": token, **fields}
    with committed():
        return client.post(FOLLOW_URL, data, **(meta or {}))


def links(body: str) -> list[str]:
    return re.findall(r"http://\S+", body)
