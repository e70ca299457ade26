"""The admin index opens with what needs the person, in a constant number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Article
from tests import factories
from tests.newsroom.support import change_form_data, change_url

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def test_author_sees_drafts_and_what_was_returned(client, desk):
    """My drafts and "returned to me" (with the note) for the author; no review queue."""
    draft = desk["alice_draft"]
    client.force_login(desk["alice"])
    client.post(change_url(draft), change_form_data(draft, _submit="1"))
    client.force_login(desk["editor"])
    data = change_form_data(Article.objects.get(pk=draft.pk), _return="1",
                            workflow_note="Needs a second source.")  # fmt: skip
    client.post(change_url(draft), data)
    client.force_login(desk["alice"])
    html = client.get(INDEX).content.decode()
    assert "Returned to me" in html and "Needs a second source." in html
    assert "Waiting for review" not in html and "Bob draft" not in html


def test_editor_sees_the_review_queue_and_schedule(client, desk):
    """Waiting for review, proposed changes, scheduled (with times), recently published."""
    factories.make_article(title="Embargoed piece", published_at=timezone.now() + timedelta(days=1))
    Article.objects.filter(pk=desk["bob_draft"].pk).update(status=Article.Status.REVIEW)
    client.force_login(desk["editor"])
    html = client.get(INDEX).content.decode()
    for text in ("Waiting for review", "Bob draft", "Scheduled", "Embargoed piece",
                 "Recently published", "Alice live", "Proposed changes waiting"):  # fmt: skip
        assert text in html, text


@pytest.mark.parametrize("size", [1, 15])
def test_dashboard_query_count_is_flat(client, desk, size, django_assert_max_num_queries):
    """Each panel is one query whatever the number of articles (no query per row)."""
    for number in range(size):
        factories.make_article(author=desk["editor"], status=Article.Status.DRAFT)
        factories.make_article(status=Article.Status.REVIEW, title=f"Queued {number}")
        factories.make_article(published_at=timezone.now() + timedelta(hours=number + 1))
    client.force_login(desk["owner"])
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        assert client.get(INDEX).status_code == 200


DASHBOARD_QUERIES = 12  # session, user, perms, 6–7 panels, comments note
