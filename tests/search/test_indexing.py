from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from blog import services
from blog.models import Article, Section
from search.models import SearchEntry
from tests import factories
from tests.search.conftest import titles

URL = reverse("search:search")


def test_publishing_indexes_and_withdrawing_removes(client, publish, committed):
    """An article enters the index when published and leaves it when back in draft."""
    article = publish(title="Draft Orchard", status=Article.Status.DRAFT, published_at=None)
    assert not SearchEntry.objects.filter(article=article).exists()
    with committed():
        services.publish_article(article=article)
    assert titles(client.get(URL, {"q": "orchard"})) == ["Draft Orchard"]
    with committed():
        services.return_to_draft(article=article)
    assert not SearchEntry.objects.filter(article=article).exists()
    assert titles(client.get(URL, {"q": "orchard"})) == []


def test_editing_a_section_updates_the_index(client, publish, committed):
    """A section's new text is found, and its old text no longer is."""
    article = publish(title="Edited", sections=[("section", "Heading", "The walrus speaks.")])
    section = article.sections.get()
    with committed():
        section.body = "The narwhal speaks."
        section.save()
    assert titles(client.get(URL, {"q": "narwhal"})) == ["Edited"]
    assert titles(client.get(URL, {"q": "walrus"})) == []


def test_deleting_a_section_or_article_updates_the_index(client, publish, committed):
    """Deleted text leaves the index with its section or article."""
    article = publish(title="Doomed", sections=[("section", "Heading", "The walrus speaks.")])
    with committed():
        Section.objects.filter(article=article).delete()
        article.sections.all().delete()
    assert titles(client.get(URL, {"q": "walrus"})) == []
    with committed():
        article.delete()
    assert not SearchEntry.objects.exists()


def test_uncommitted_changes_are_not_indexed(publish, committed):
    """Nothing is indexed before the commit: a rolled-back save leaves the index alone."""
    article = factories.make_article(title="Pending Walrus")  # callbacks never run
    assert not SearchEntry.objects.filter(article=article).exists()


def test_scheduled_article_appears_when_its_time_comes(client, publish, monkeypatch):
    """A scheduled article is hidden until its date, then found without a reindex (and the
    page cached before its time is not served after it)."""
    later = timezone.now() + timedelta(hours=1)
    publish(title="Future Lighthouse", published_at=later)
    assert titles(client.get(URL, {"q": "lighthouse"})) == []
    assert client.get(URL, {"q": "lighthouse"})["X-Page-Cache"] == "hit"
    # Time passes; no save, no signal: the query decides visibility.
    moment = later + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr("blog.caching.time.time", lambda: moment.timestamp())
    assert titles(client.get(URL, {"q": "lighthouse"})) == ["Future Lighthouse"]


def test_withdrawn_article_is_hidden_even_before_its_entry_goes(client, publish):
    """Visibility is checked at query time, so a stale entry never leaks an article."""
    article = publish(title="Withdrawn Lighthouse")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)  # no signal
    assert titles(client.get(URL, {"q": "lighthouse"})) == []


def test_rebuild_command_indexes_existing_articles(client, db):
    """rebuild_search_index indexes articles saved without the signals (e.g. bulk loads)."""
    factories.make_article(title="Bulk Loaded Beacon")  # on_commit callbacks never ran
    factories.make_article(title="Draft Beacon", status=Article.Status.DRAFT, published_at=None)
    call_command("rebuild_search_index", "--recreate", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SearchEntry.objects.count() == 1
    assert titles(client.get(URL, {"q": "beacon"})) == ["Bulk Loaded Beacon"]
