import re

import pytest
from django.core import mail

from subscriptions import tokens
from subscriptions.models import Subscriber
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reader_follows_by_email_without_javascript(live_server, page_without_js, monkeypatch):
    """From an article, with JavaScript off: ask, open the emailed link, press the button."""
    served = {"at": 1_000_000.0}
    monkeypatch.setattr(tokens, "current_time", lambda: served["at"])
    article = factories.make_article(title="Grid Upgrade", tags=["energy"])
    page = page_without_js
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    box = page.locator(".follow-box")
    box.get_by_label("Your email address").fill("reader@example.com")
    box.get_by_label("energy").check()
    served["at"] += 10  # the reader took a few seconds
    box.get_by_role("button", name="Follow by email").click()
    # The cached page has no token without JavaScript: the form comes back with one.
    assert page.get_by_text("Almost done — please press the button again.").is_visible()
    assert page.get_by_label("Your email address").input_value() == "reader@example.com"
    served["at"] += 5
    page.get_by_role("button", name="Follow by email").click()
    assert page.get_by_role("heading", name="Check your inbox").is_visible()
    assert not Subscriber.objects.exists()
    (link,) = re.findall(r"http://\S+/follow/confirm/\S+/", mail.outbox[0].body)
    page.goto(live_server.url + link.split("127.0.0.1:8000", 1)[1])
    page.get_by_role("button", name="Yes, send me new articles").click()
    assert page.get_by_role("heading", name="You are following Broadsheet").is_visible()
    person = Subscriber.objects.get()
    assert [tag.name for tag in person.tags.all()] == ["energy"]
