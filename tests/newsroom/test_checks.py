"""Pre-publish checks: errors block publishing unless an editor overrides with a reason;
warnings inform; authors get the same list as advice when they submit."""

import pytest
from django.urls import reverse

from blog import prepublish
from blog.models import Article, Section
from newsroom.models import Transition
from tests import factories
from tests.newsroom.support import CHANGELIST, change_form_data, change_url

pytestmark = pytest.mark.django_db


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def draft_with(**fields):
    factories.kinds()
    return factories.make_article(status=Article.Status.DRAFT, **fields)


@pytest.mark.parametrize(
    ("setup", "level", "words"),
    [
        ({"meta_description": ""}, "warning", "meta description"),
        ({"intro": "See [the old piece](/articles/no-such-piece/)."}, "error", "404"),
        ({"intro": "See [nowhere](/no/such/page/)."}, "error", "404"),
        ({"sections": [("conclusion", "", "   ")]}, "error", "empty"),
        (
            {"sections": [("section", "Same", "One."), ("section", "Same", "Two.")]},
            "warning",
            "repeats",
        ),
    ],
)
def test_each_check_finds_its_problem(setup, level, words):
    """Every built-in check reports its problem at its level."""
    article = draft_with(**setup)
    if setup.get("sections") == [("conclusion", "", "   ")]:
        Section.objects.filter(article=article).update(body_html="")
    findings = prepublish.run(article)
    assert any(f.level == level and words in f.message for f in findings), findings


def test_hot_linked_images_stored_before_the_renderer_refused_them_are_reported():
    """Older stored HTML with an image from another server gets a warning."""
    article = draft_with()
    html = '<p><img src="https://elsewhere.example/chart.png" alt="chart"></p>'
    Article.objects.filter(pk=article.pk).update(intro_html=html)
    article.refresh_from_db()
    findings = prepublish.run(article)
    assert any(f.level == "warning" and "hot-linked" in f.message for f in findings)


def test_a_link_to_a_published_article_is_fine():
    """Links to public articles and to the article itself are not reported."""
    other = factories.make_article(slug="other-piece")
    article = draft_with(intro=f"See [it]({other.get_absolute_url()}).", meta_description="M.")
    assert not prepublish.blocking(prepublish.run(article))


def test_errors_block_publishing_until_an_editor_overrides(client, desk):
    """ "Publish now" with an error leaves it unpublished; with a reason it publishes and the
    reason is in the trail."""
    draft = desk["bob_draft"]
    Article.objects.filter(pk=draft.pk).update(
        intro="[x](/nowhere/)", intro_html='<a href="/nowhere/">x</a>'
    )
    draft.refresh_from_db()
    client.force_login(desk["editor"])
    response = client.post(change_url(draft), change_form_data(draft, _publish="1"), follow=True)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert "404" in messages_of(response)
    data = change_form_data(draft, _publish="1", override_reason="The page comes tomorrow.")
    client.post(change_url(draft), data)
    draft.refresh_from_db()
    assert draft.is_public
    move = Transition.objects.filter(article=draft, action="publish").get()
    assert "The page comes tomorrow." in move.note


def test_publish_action_reports_blocked_articles(client, desk):
    """The bulk action publishes what passes and names what it could not publish."""
    draft = desk["bob_draft"]
    Article.objects.filter(pk=draft.pk).update(intro_html='<a href="/nowhere/">x</a>')
    client.force_login(desk["editor"])
    response = client.post(
        CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk]}, follow=True
    )
    assert not Article.objects.get(pk=draft.pk).is_public
    assert "404" in messages_of(response)


def test_authors_get_the_checks_as_advice_on_submit(client, desk):
    """Submitting for review never blocks; the findings come back as advice."""
    draft = desk["alice_draft"]
    client.force_login(desk["alice"])
    response = client.post(
        change_url(draft), change_form_data(draft, _submit="1", meta_description=""), follow=True
    )
    assert Article.objects.get(pk=draft.pk).status == Article.Status.REVIEW
    assert "meta description" in messages_of(response)


def test_authors_cannot_override(client, desk):
    """An override reason from an author is ignored (authors do not publish at all)."""
    draft = desk["alice_draft"]
    client.force_login(desk["alice"])
    client.post(change_url(draft), change_form_data(draft, _publish="1", override_reason="x"))
    assert not Article.objects.get(pk=draft.pk).is_public


def test_affiliate_links_are_checked(client, desk):
    """Inactive affiliate links block; any affiliate link adds the disclosure note."""
    from tests.affiliates.factories import make_link

    link = make_link(slug="kettle", is_active=False)
    article = draft_with(intro="Buy [the kettle](aff:kettle).")
    findings = prepublish.run(article)
    assert any(f.level == "error" and link.name in f.message for f in findings)
    assert any(f.level == "info" and "disclosure will show" in f.message for f in findings)
    assert reverse("admin:blog_article_changelist")
