import smtplib
from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from blog import services
from blog.models import Article
from subscriptions import mailing
from subscriptions.models import Announcement, Delivery, Subscriber
from tests import factories
from tests.subscriptions.conftest import publish, subscriber


def send() -> str:
    out = StringIO()
    call_command("send_newsletters", stdout=out)
    return out.getvalue()


def test_publishing_queues_one_email_per_confirmed_subscriber(committed):
    """After the commit, each confirmed follower gets one queued email; others none."""
    everything = subscriber("all@example.com")
    energy = subscriber("energy@example.com", tags=["energy"])
    subscriber("water@example.com", tags=["water"])
    subscriber("gone@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    subscriber("bounced@example.com", status=Subscriber.Status.BOUNCED)
    article = publish(committed, title="Grid Upgrade", tags=["energy"])
    queued = Delivery.objects.filter(article=article)
    assert {delivery.subscriber for delivery in queued} == {everything, energy}
    assert mail.outbox == []  # nothing is sent in the request


def test_drafts_queue_nothing(committed):
    """A draft (or an article in review) is not announced."""
    subscriber()
    publish(committed, status=Article.Status.DRAFT, published_at=None)
    assert not Delivery.objects.exists()


def test_send_command_sends_plain_emails_with_one_click_unsubscribe(committed):
    """send_newsletters sends each queued email once, with RFC 8058 headers, no pixels."""
    subscriber()
    article = publish(committed, title="Grid Upgrade", dek="Why the grid matters.")
    assert "1 sent" in send()
    (message,) = mail.outbox
    assert message.to == ["reader@example.com"]
    assert message.subject == "Grid Upgrade"
    assert f"http://127.0.0.1:8000{article.get_absolute_url()}" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/follow/unsubscribe/"
    )
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", [])
    assert Delivery.objects.get().status == Delivery.Status.SENT
    assert "0 sent" in send()
    assert len(mail.outbox) == 1


def test_republishing_never_sends_twice(committed):
    """Withdrawn and published again, saved again: the article is announced once."""
    subscriber()
    article = publish(committed, title="Grid Upgrade")
    send()
    with committed():
        services.return_to_draft(article=article)
    with committed():
        services.publish_article(article=article)
    with committed():
        article.title = "Grid Upgrade (corrected)"
        article.save()
    send()
    assert len(mail.outbox) == 1
    assert Announcement.objects.count() == 1
    assert Delivery.objects.count() == 1


def test_editing_an_old_article_announces_nothing(committed):
    """An article public for days before following existed is not emailed when edited."""
    subscriber()
    old = publish(committed, published_at=timezone.now() - timedelta(days=30))
    Announcement.objects.all().delete()
    Delivery.objects.all().delete()
    with committed():
        old.title = "Edited"
        old.save()
    assert not Delivery.objects.exists()


def test_new_subscribers_do_not_get_earlier_articles(committed):
    """Queued recipients are fixed when the article is published."""
    publish(committed, title="Before")
    subscriber()
    send()
    assert mail.outbox == []


def test_scheduled_article_is_announced_when_its_time_comes(committed):
    """A scheduled article is queued by the send command once it is public (no save then)."""
    subscriber()
    article = publish(committed, published_at=timezone.now() + timedelta(hours=1))
    assert not Delivery.objects.exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(1))
    assert "Queued 1" in send()
    assert len(mail.outbox) == 1


def test_unsubscribed_after_queueing_is_skipped(committed):
    """Someone who leaves between publication and sending gets nothing."""
    person = subscriber()
    publish(committed)
    Subscriber.objects.filter(pk=person.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    assert "1 skipped" in send()
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED


def test_mail_server_failure_is_recorded_not_retried_blindly(committed, monkeypatch):
    """A refused email is marked failed with the error; the batch carries on."""
    subscriber("a@example.com")
    subscriber("b@example.com")
    publish(committed)
    original = mail.backends.locmem.EmailBackend.send_messages

    def flaky(self, messages):
        if messages[0].to == ["a@example.com"]:
            raise smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"no such user")})
        return original(self, messages)

    monkeypatch.setattr(mail.backends.locmem.EmailBackend, "send_messages", flaky)
    assert "1 sent, 1 failed" in send()
    failed = Delivery.objects.get(status=Delivery.Status.FAILED)
    assert failed.subscriber.email == "a@example.com"
    assert "no such user" in failed.error


def test_batches_are_bounded(committed):
    """Each run sends at most --limit emails; the rest wait for the next run."""
    for number in range(5):
        subscriber(f"r{number}@example.com")
    publish(committed)
    call_command("send_newsletters", "--limit", "3", stdout=StringIO())
    assert len(mail.outbox) == 3
    send()
    assert len(mail.outbox) == 5


def test_send_batch_query_count_is_flat(committed, django_assert_max_num_queries):
    """Sending costs a fixed number of queries plus one UPDATE per email (no N+1)."""
    for number in range(12):
        subscriber(f"r{number}@example.com")
    publish(committed)
    with django_assert_max_num_queries(5 + 12):
        report = mailing.send_batch()
    assert report.sent == 12


def test_demo_queues_an_email_that_send_prints(db):
    """load_demo leaves one email queued for the demo reader, which the command sends."""
    factories.kinds()
    call_command("load_demo", stdout=StringIO())
    assert "1 sent" in send()
    assert mail.outbox[0].to == ["reader@example.com"]
