"""Two people saving the same article: the second save never silently overwrites the first."""

import re

import pytest
from django.test import Client

from blog.models import Article
from tests import factories
from tests.newsroom.support import change_form_data, change_url, member

pytestmark = pytest.mark.django_db


def opened_version(response) -> str:
    """The hidden version the change form carries, as a browser would post it back."""
    match = re.search(r'name="opened_version" value="([^"]*)"', response.content.decode())
    assert match, "the change form carries the version it was opened from"
    return match[1]


def open_form(user, article) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    response = client.get(change_url(article))
    assert response.status_code == 200
    return client, opened_version(response)


@pytest.fixture
def article():
    return factories.make_article(
        intro="The original lede.", sections=factories.standard_sections()
    )


def test_the_second_save_over_a_newer_version_is_refused_and_keeps_their_text(article):
    """The first editor's lede is stored; the second gets their own text back to merge."""
    first, second = member("Editors"), member("Editors")
    first_client, first_version = open_form(first, article)
    second_client, second_version = open_form(second, article)

    saved = first_client.post(
        change_url(article),
        change_form_data(article, intro="The first editor's lede.", opened_version=first_version),
    )
    assert saved.status_code == 302

    refused = second_client.post(
        change_url(article),
        change_form_data(article, intro="The second editor's lede.", opened_version=second_version),
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Someone else saved this article" in html
    assert "The second editor&#x27;s lede." in html  # their text, still in the form
    assert "The first editor&#x27;s lede." in html  # and what is stored, to merge
    assert Article.objects.get(pk=article.pk).intro == "The first editor's lede."


def test_after_merging_the_second_save_goes_through(article):
    """The refused form carries the newer version: saving it again is deliberate."""
    first, second = member("Editors"), member("Editors")
    first_client, first_version = open_form(first, article)
    second_client, second_version = open_form(second, article)
    first_client.post(
        change_url(article),
        change_form_data(article, intro="First.", opened_version=first_version),
    )
    refused = second_client.post(
        change_url(article),
        change_form_data(article, intro="First. And second.", opened_version=second_version),
    )
    merged = second_client.post(
        change_url(article),
        change_form_data(
            article, intro="First. And second.", opened_version=opened_version(refused)
        ),
    )
    assert merged.status_code == 302
    assert Article.objects.get(pk=article.pk).intro == "First. And second."


def test_saving_twice_in_a_row_is_no_conflict(article):
    """One person saving again from the page a save leads to is never refused."""
    editor = member("Editors")
    client, version = open_form(editor, article)
    data = change_form_data(article, intro="Once.", opened_version=version)
    data["_continue"] = "Save and continue editing"
    again = client.get(client.post(change_url(article), data)["Location"])
    second = client.post(
        change_url(article),
        change_form_data(
            Article.objects.get(pk=article.pk), intro="Twice.", opened_version=opened_version(again)
        ),
    )
    assert second.status_code == 302
    assert Article.objects.get(pk=article.pk).intro == "Twice."
