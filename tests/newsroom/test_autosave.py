"""Autosave through the admin's HTTP surface: a private draft per person per article."""

import html
import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from blog.models import Article
from newsroom import autosave
from newsroom.models import Autosave
from tests import factories
from tests.newsroom.support import change_form_data, change_url, member

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:blog_article_add")


def autosave_url(article=None) -> str:
    if article is None:
        return reverse("admin:blog_article_autosave_new")
    return reverse("admin:blog_article_autosave", args=[article.pk])


def discard_url(article=None) -> str:
    if article is None:
        return reverse("admin:blog_article_autosave_discard_new")
    return reverse("admin:blog_article_autosave_discard", args=[article.pk])


def state(**fields) -> dict:
    """A form state as admin-autosave.js posts it."""
    return {"fields": [[name, value] for name, value in fields.items()], "labels": {}}


def post_state(client, url, form_state, **extra):
    return client.post(url, json.dumps(form_state), content_type="application/json", **extra)


def form_config(response) -> dict:
    """The autosave settings the form hands its script (the offer's ``data-config``)."""
    match = re.search(r'id="autosave-offer"[^>]* data-config="([^"]*)"', response.content.decode())
    assert match, "the form carries its autosave settings"
    return json.loads(html.unescape(match[1]))


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def article():
    return factories.make_article(intro="The stored lede.", sections=factories.standard_sections())


def test_an_editors_autosave_is_kept_privately_and_offered_when_they_reopen(article):
    """The draft is stored for them; their form carries it; the article is untouched."""
    editor = member("Editors")
    client = logged_in(editor)
    response = post_state(
        client, autosave_url(article), state(title="A draft title", intro="A draft lede.")
    )
    assert response.status_code == 200
    assert re.fullmatch(r"\d\d:\d\d", response.json()["display"])
    assert response["Cache-Control"].startswith("max-age=0")  # the admin's never_cache

    config = form_config(client.get(change_url(article)))
    assert config["draft"]["state"]["fields"] == [
        ["title", "A draft title"], ["intro", "A draft lede."]
    ]  # fmt: skip
    assert config["storageKey"] == f"broadsheet.autosave.{editor.pk}.{article.pk}"
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.intro) == (article.title, "The stored lede.")


def test_a_draft_is_not_a_revision_and_never_public(article, client):
    """Autosaving records no revision and readers never see the draft's text."""
    editor_client = logged_in(member("Editors"))
    versions = Version.objects.count()
    post_state(editor_client, autosave_url(article), state(intro="Secret unsaved words."))
    assert Version.objects.count() == versions
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "Secret unsaved words." not in page.content.decode()


def test_another_persons_draft_is_never_shown(article):
    """Two editors on one article: each form carries only its own person's draft."""
    first, second = member("Editors"), member("Editors")
    post_state(logged_in(first), autosave_url(article), state(intro="First's unsaved lede."))
    response = logged_in(second).get(change_url(article))
    assert form_config(response)["draft"] is None
    assert "First&#x27;s unsaved lede." not in response.content.decode()
    assert "First\\u0027s unsaved lede." not in response.content.decode()


def test_a_new_articles_draft_belongs_to_its_author_alone():
    """The add form's draft is per person; another person's add form offers nothing."""
    factories.kinds()
    author, other = member("Authors"), member("Authors")
    response = post_state(logged_in(author), autosave_url(), state(title="New idea"))
    assert response.status_code == 200
    assert form_config(logged_in(author).get(ADD_URL))["draft"]["state"]["fields"] == [
        ["title", "New idea"]
    ]
    assert form_config(logged_in(other).get(ADD_URL))["draft"] is None


def test_anonymous_and_non_staff_people_cannot_autosave(article, client):
    """The admin's login wall: a redirect, and nothing stored."""
    assert post_state(client, autosave_url(article), state(title="x")).status_code == 302
    reader = logged_in(factories.make_user())
    assert post_state(reader, autosave_url(article), state(title="x")).status_code == 302
    assert post_state(reader, autosave_url(), state(title="x")).status_code == 302
    assert not Autosave.objects.exists()


def test_an_author_cannot_autosave_someone_elses_article(article):
    """Another author's article is not found; nothing is stored."""
    response = post_state(logged_in(member("Authors")), autosave_url(article), state(title="x"))
    assert response.status_code == 404
    assert not Autosave.objects.exists()


def test_a_person_who_may_only_view_the_article_cannot_autosave_it(article):
    """Permission is checked on the object: view without change is refused."""
    viewer = factories.make_user(is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_article"),
        Permission.objects.get(codename="publish_article"),  # opens every article
    )
    client = logged_in(viewer)
    assert client.get(change_url(article)).status_code == 200
    assert post_state(client, autosave_url(article), state(title="x")).status_code == 403
    assert post_state(client, autosave_url(), state(title="x")).status_code == 403
    assert not Autosave.objects.exists()


def test_an_author_may_autosave_their_published_article(desk):
    """Their save would be a proposal; their draft is kept like any other."""
    client = logged_in(desk["alice"])
    response = post_state(client, autosave_url(desk["alice_live"]), state(title="Better"))
    assert response.status_code == 200


def test_autosave_needs_the_csrf_token(article):
    """Without the token the post is refused; with the form's token it is kept."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(member("Editors"))
    client.get(change_url(article))  # sets the CSRF cookie, as opening the form does
    refused = post_state(client, autosave_url(article), state(title="x"))
    assert refused.status_code == 403
    assert not Autosave.objects.exists()
    token = client.cookies["csrftoken"].value
    kept = post_state(client, autosave_url(article), state(title="x"), HTTP_X_CSRFTOKEN=token)
    assert kept.status_code == 200
    assert Autosave.objects.count() == 1


def test_autosave_answers_only_posts(article):
    client = logged_in(member("Editors"))
    assert client.get(autosave_url(article)).status_code == 405
    assert client.get(discard_url(article)).status_code == 405


def test_a_draft_over_the_size_limit_is_refused(article):
    """413 before the body is read; the previous draft stays."""
    client = logged_in(member("Editors"))
    post_state(client, autosave_url(article), state(intro="Kept."))
    huge = state(intro="x" * autosave.MAX_BYTES)
    response = post_state(client, autosave_url(article), huge)
    assert response.status_code == 413
    assert Autosave.objects.get().form_state["fields"] == [["intro", "Kept."]]


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps([["title", "x"]]),
        json.dumps({"fields": [["title", 3]]}),
        json.dumps({"fields": [["title", "a\x00b"]]}),
        json.dumps({"fields": [["", "x"]]}),
        json.dumps({"fields": [["title", "x", "y"]]}),
        json.dumps({"fields": [["n", "v"]] * (autosave.MAX_FIELDS + 1)}),
    ],
)
def test_a_malformed_draft_is_refused_with_a_clear_error(article, body):
    response = logged_in(member("Editors")).post(
        autosave_url(article), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Autosave.objects.exists()


def test_the_token_is_never_stored(article):
    client = logged_in(member("Editors"))
    post_state(client, autosave_url(article), state(csrfmiddlewaretoken="t", title="T"))
    assert Autosave.objects.get().form_state["fields"] == [["title", "T"]]


def test_saving_the_article_clears_the_draft_here_and_in_the_browser(article):
    """A successful save deletes the draft; the next form tells the browser to drop its copy."""
    editor = member("Editors")
    client = logged_in(editor)
    post_state(client, autosave_url(article), state(intro="Typed, then saved."))
    saved = client.post(change_url(article), change_form_data(article, intro="Typed, then saved."))
    assert saved.status_code == 302
    assert not Autosave.objects.exists()
    config = form_config(client.get(change_url(article)))
    assert config["draft"] is None
    assert f"broadsheet.autosave.{editor.pk}.{article.pk}" in config["clearKeys"]
    assert form_config(client.get(change_url(article)))["clearKeys"] == []  # said once


def test_a_refused_save_keeps_the_draft(article):
    """The conflict guard refuses the save: the draft is still there."""
    client = logged_in(member("Editors"))
    post_state(client, autosave_url(article), state(intro="Mine."))
    refused = client.post(
        change_url(article), change_form_data(article, intro="Mine.", opened_version="2000-01-01")
    )
    assert refused.status_code == 200
    assert "Someone else saved this article" in refused.content.decode()
    assert Autosave.objects.count() == 1


def test_an_authors_proposal_clears_their_draft(desk):
    """The proposal's savepoint is rolled back; the draft is cleared all the same."""
    alice, live = desk["alice"], desk["alice_live"]
    client = logged_in(alice)
    post_state(client, autosave_url(live), state(title="Proposed title"))
    response = client.post(change_url(live), change_form_data(live, title="Proposed title"))
    assert response.status_code == 302
    assert live.proposals.pending().exists()
    assert not Autosave.objects.exists()


def test_adding_the_article_clears_the_new_articles_draft():
    factories.kinds()
    author = member("Authors")
    client = logged_in(author)
    post_state(client, autosave_url(), state(title="Brand new"))
    response = client.post(
        ADD_URL,
        {
            "title": "Brand new", "slug": "brand-new", "dek": "", "intro": "Lede.",
            "sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not Autosave.objects.exists()
    config = form_config(client.get(ADD_URL))
    assert f"broadsheet.autosave.{author.pk}.new" in config["clearKeys"]


def test_discard_forgets_only_the_persons_own_draft(article):
    first, second = member("Editors"), member("Editors")
    post_state(logged_in(first), autosave_url(article), state(intro="First."))
    post_state(logged_in(second), autosave_url(article), state(intro="Second."))
    assert logged_in(first).post(discard_url(article)).status_code == 200
    assert list(Autosave.objects.values_list("user", flat=True)) == [second.pk]


def test_a_later_autosave_replaces_the_earlier_one(article):
    client = logged_in(member("Editors"))
    post_state(client, autosave_url(article), state(intro="One."))
    post_state(client, autosave_url(article), state(intro="Two."))
    assert Autosave.objects.get().form_state["fields"] == [["intro", "Two."]]


def test_drafts_and_presence_cost_the_same_queries_however_many_people_are_present(article):
    """Who else is here is one query (with their names), not one per person."""
    editor = member("Editors")
    client = logged_in(editor)
    post_state(client, autosave_url(article), state(intro="Draft."))

    def form_queries(others: int) -> int:
        for _ in range(others):
            logged_in(member("Editors")).get(change_url(article))
        client.get(change_url(article))  # the session and heartbeat settle
        with CaptureQueriesContext(connection) as queries:
            assert client.get(change_url(article)).status_code == 200
        return len(queries)

    assert form_queries(1) == form_queries(5)
