from django.urls import reverse

from subscriptions.models import Delivery, Subscriber
from tests.subscriptions.conftest import publish, subscriber


def test_owner_sees_subscribers_and_records_a_bounce(admin_client_logged, db):
    """The owner lists subscribers and records bounces and complaints with an action."""
    bounced = subscriber("bounce@example.com", tags=["energy"])
    complained = subscriber("spam@example.com")
    changelist = reverse("admin:subscriptions_subscriber_changelist")
    page = admin_client_logged.get(changelist)
    assert page.status_code == 200
    body = page.content.decode()
    assert "bounce@example.com" in body and "energy" in body and "all articles" in body
    for person, action in ((bounced, "mark_bounced"), (complained, "mark_complained")):
        admin_client_logged.post(
            changelist, {"action": action, "_selected_action": [person.pk]}, follow=True
        )
    bounced.refresh_from_db()
    complained.refresh_from_db()
    assert bounced.status == Subscriber.Status.BOUNCED
    assert complained.status == Subscriber.Status.COMPLAINED
    assert "Bounce recorded" in bounced.note


def test_owner_sees_each_articles_sends(admin_client_logged, committed):
    """Announcements list each article with its sent / queued / failed counts."""
    subscriber("a@example.com")
    subscriber("b@example.com")
    article = publish(committed, title="Grid Upgrade")
    Delivery.objects.filter(subscriber__email="a@example.com").update(status=Delivery.Status.SENT)
    page = admin_client_logged.get(reverse("admin:subscriptions_announcement_changelist"))
    assert page.status_code == 200
    assert "Grid Upgrade" in page.content.decode()
    deliveries = admin_client_logged.get(
        reverse("admin:subscriptions_delivery_changelist"), {"article__id__exact": article.pk}
    )
    assert deliveries.status_code == 200
    assert "a@example.com" in deliveries.content.decode()


def test_editors_cannot_see_subscribers(editor_client, db):
    """Addresses are the owner's: newsroom staff without the permission get a 403."""
    subscriber()
    response = editor_client.get(reverse("admin:subscriptions_subscriber_changelist"))
    assert response.status_code == 403


def test_subscribers_cannot_be_added_by_hand(admin_client_logged, db):
    """Only a reader's own confirmation makes a subscriber (no consent, no address)."""
    response = admin_client_logged.get(reverse("admin:subscriptions_subscriber_add"))
    assert response.status_code == 403
