"""An author's change to their published article waits for an editor; an editor's is live."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from blog.models import Article
from newsroom.models import ProposedChange, Transition
from tests.newsroom.support import change_form_data, change_url, history_url

pytestmark = pytest.mark.django_db


def proposal_url(article):
    return reverse("admin:blog_article_proposal", args=[article.pk])


def public_html(client, article):
    client.logout()
    return client.get(article.get_absolute_url()).content.decode()


def history_rows(client, article) -> int:
    html = client.get(history_url(article)).content.decode()
    return len(re.findall(r'<tr class="revision-row', html))


def propose(client, desk, **overrides):
    live = desk["alice_live"]
    client.force_login(desk["alice"])
    data = change_form_data(
        live,
        title="Alice live, revised",
        sections={0: ("Talks Resume Again", "Negotiators met a third time.")},
        tags="harbour, ports",
        **overrides,
    )
    response = client.post(change_url(live), data)
    assert response.status_code == 302
    return live


def test_authors_change_to_published_article_is_not_public(client, desk):
    """The public page, feed and sitemap keep the published text; a proposal waits."""
    live = propose(client, desk)
    html = public_html(client, live)
    assert "Alice live, revised" not in html and "third time" not in html
    assert "Alice live" in html and "met <em>again</em>" in html
    assert "third time" not in client.get(reverse("blog:feed-atom")).content.decode()
    article = Article.objects.get(pk=live.pk)
    assert article.title == "Alice live" and sorted(article.tags.names()) == ["harbour"]
    proposal = ProposedChange.objects.get()
    assert (proposal.state, proposal.proposer) == ("pending", desk["alice"])


def test_proposal_diverts_section_deletes_and_additions(client, desk):
    """Deleting a section or adding one in the inline formset also waits for approval."""
    live = desk["alice_live"]
    client.force_login(desk["alice"])
    data = change_form_data(live)
    data["sections-0-DELETE"] = "on"
    data.update(
        {
            "sections-TOTAL_FORMS": "4",
            "sections-3-kind": data["sections-0-kind"],
            "sections-3-heading": "Added Later",
            "sections-3-body": "New words.",
        }
    )
    assert client.post(change_url(live), data).status_code == 302
    assert live.sections.count() == 3
    assert "Added Later" not in public_html(client, live)


def test_editor_approves_and_the_public_page_changes(
    client, desk, django_capture_on_commit_callbacks
):
    """After an editor approves, readers see the change; the author is emailed."""
    live = propose(client, desk)
    client.force_login(desk["editor"])
    review = client.get(proposal_url(live)).content.decode()
    assert "<ins>a third time</ins>" in review and "<del>" in review
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(proposal_url(live), {"_approve": "1", "note": "Good."})
    assert response.status_code == 302
    html = public_html(client, live)
    assert "Alice live, revised" in html and "Negotiators met a third time." in html
    article = Article.objects.get(pk=live.pk)
    assert sorted(article.tags.names()) == ["harbour", "ports"]
    assert article.status == Article.Status.PUBLISHED and article.slug == live.slug
    assert ProposedChange.objects.get().state == "approved"
    assert any("approved" in message.subject.lower() for message in mail.outbox)


def test_editor_returns_a_proposal_and_nothing_changes(
    client, desk, django_capture_on_commit_callbacks
):
    """Returning needs a note; the live article stays; the author hears why."""
    live = propose(client, desk)
    client.force_login(desk["editor"])
    client.post(proposal_url(live), {"_reject": "1", "note": ""})
    assert ProposedChange.objects.get().state == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(proposal_url(live), {"_reject": "1", "note": "Check the date."})
    assert ProposedChange.objects.get().state == "returned"
    assert "third time" not in public_html(client, live)
    returned = [m for m in mail.outbox if m.to == [desk["alice"].email]]
    assert returned and "Check the date." in returned[-1].body


def test_author_cannot_approve_own_proposal(client, desk):
    """The review page's buttons are the editor's: a forged approval is refused."""
    live = propose(client, desk)
    assert client.post(proposal_url(live), {"_approve": "1"}).status_code == 403
    assert "third time" not in public_html(client, live)


def test_author_keeps_editing_the_proposal(client, desk):
    """The author's form shows the proposed text; a second save replaces the proposal."""
    live = propose(client, desk)
    html = client.get(change_url(live)).content.decode()
    assert "Negotiators met a third time." in html and "Alice live, revised" in html
    assert Article.objects.get(pk=live.pk).title == "Alice live"
    propose(client, desk, dek="Second go.")
    assert ProposedChange.objects.pending().count() == 1
    assert ProposedChange.objects.count() == 2


def test_editors_save_to_a_published_article_is_live_and_recorded(client, desk):
    """An editor's save changes the public page at once and adds one revision to history."""
    live = desk["bob_live"]
    client.force_login(desk["editor"])
    rows = history_rows(client, live)
    data = change_form_data(
        live, title="Bob live, edited", sections={1: ("Sanctions", "A sharper paragraph.")}
    )
    assert client.post(change_url(live), data).status_code == 302
    assert history_rows(client, live) == rows + 1
    html = public_html(client, live)
    assert "Bob live, edited" in html and "A sharper paragraph." in html
    client.force_login(desk["editor"])
    client.post(change_url(live), change_form_data(Article.objects.get(pk=live.pk), dek="New."))
    assert history_rows(client, live) == rows + 2


def test_submit_and_return_are_recorded_and_emailed(
    client, desk, django_capture_on_commit_callbacks
):
    """Submit emails editors; return (with a note) emails the author; both are in history."""
    draft = desk["alice_draft"]
    client.force_login(desk["alice"])
    data = change_form_data(draft, _submit="1", workflow_note="Ready.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(draft), data)
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert any(desk["editor"].email in m.to for m in mail.outbox)
    client.force_login(desk["editor"])
    data = change_form_data(draft, _return="1", workflow_note="")
    assert "Say why" in client.post(change_url(draft), data).content.decode()
    data = change_form_data(draft, _return="1", workflow_note="Needs a source.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(draft), data)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    actions = list(Transition.objects.filter(article=draft).values_list("action", flat=True))
    assert actions == ["return", "submit"]
    history = client.get(history_url(draft)).content.decode()
    assert "Needs a source." in history and "Returned to the author" in history
    assert any("Needs a source." in m.body for m in mail.outbox if m.to == [desk["alice"].email])


def test_review_page_warns_when_the_live_text_changed_since(client, desk):
    """An editor's edit after the proposal is named on the review page before approving."""
    live = propose(client, desk)
    client.force_login(desk["editor"])
    article = Article.objects.get(pk=live.pk)
    client.post(change_url(live), change_form_data(article, dek="Desk's own standfirst."))
    html = client.get(proposal_url(live)).content.decode()
    assert "changed after this proposal was made" in html and "Edna Ward" in html
