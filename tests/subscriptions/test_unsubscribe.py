from django.core import mail
from django.test import Client

from subscriptions.models import Subscriber
from subscriptions.tokens import unsubscribe_token
from tests.subscriptions.conftest import publish, subscriber


def path(person) -> str:
    return f"/follow/unsubscribe/{unsubscribe_token(person.pk)}/"


def test_link_shows_a_button_and_changes_nothing(db, client):
    """Opening the link (as a mail scanner would) only shows the button."""
    person = subscriber()
    response = client.get(path(person))
    assert response.status_code == 200
    assert "Unsubscribe</button>" in response.content.decode()
    person.refresh_from_db()
    assert person.status == Subscriber.Status.CONFIRMED


def test_one_click_post_unsubscribes_without_cookies(db):
    """RFC 8058: the mail client's POST, with no cookie or CSRF token, unsubscribes."""
    person = subscriber()
    client = Client(enforce_csrf_checks=True)
    response = client.post(path(person), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    person.refresh_from_db()
    assert person.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribed_readers_get_no_more_articles(committed, client):
    """After unsubscribing, a new article queues nothing for them."""
    person = subscriber()
    client.post(path(person))
    publish(committed)
    assert not person.deliveries.exists()
    assert mail.outbox == []


def test_forged_links_are_refused(db, client):
    """A tampered or foreign token is a 404 and changes nobody."""
    person = subscriber()
    token = unsubscribe_token(person.pk)
    for bad in (token[:-3] + "abc", "x", "eyJzIjoxfQ"):
        assert client.post(f"/follow/unsubscribe/{bad}/").status_code == 404
    person.refresh_from_db()
    assert person.status == Subscriber.Status.CONFIRMED


def test_bounced_subscriber_stays_bounced(db, client):
    """Unsubscribing a bounced address keeps the owner's record of the bounce."""
    person = subscriber(status=Subscriber.Status.BOUNCED)
    client.post(path(person))
    person.refresh_from_db()
    assert person.status == Subscriber.Status.BOUNCED
