"""Comments that answer a section keep their section through revisions and proposals."""

import re

import pytest
from django.urls import reverse

from blog.models import Article
from comments.models import Comment
from tests.newsroom.support import change_form_data, change_url, history_url

pytestmark = pytest.mark.django_db


def answer(article, position: int) -> Comment:
    section = article.sections.get(position=position)
    return Comment.objects.create(
        article=article, section=section, name="Ada", email="ada@example.com",
        body="On this section.", status="approved",
    )  # fmt: skip


def revision_ids(client, article):
    html = client.get(history_url(article)).content.decode()
    return [int(i) for i in re.findall(r'name="b" value="(\d+)"', html)]


def shown_on(client, article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    found = re.search(r'<span class="comment-on">on <a href="#([^"]+)">([^<]+)</a>', html)
    return found.groups() if found else None


def test_restoring_a_revision_keeps_the_comment_on_its_section(client, desk):
    """Renaming, moving and restoring keep the section's row, so the comment follows it."""
    live = desk["bob_live"]
    comment = answer(live, position=2)
    client.force_login(desk["editor"])
    data = change_form_data(Article.objects.get(pk=live.pk))
    assert client.post(change_url(live), data).status_code == 302  # the original, recorded
    data = change_form_data(Article.objects.get(pk=live.pk), sections={1: ("Renamed", "Text.")})
    data["sections-1-position"] = "9"
    assert client.post(change_url(live), data).status_code == 302
    comment.refresh_from_db()
    assert comment.section.heading == "Renamed"
    client.logout()
    assert shown_on(client, live) == ("deep-dive-renamed", "Deep Dive: Renamed")
    client.force_login(desk["editor"])
    first = revision_ids(client, live)[-1]
    restored = client.post(reverse("admin:blog_article_restore", args=[live.pk, first]))
    assert restored.status_code == 302
    comment.refresh_from_db()
    assert comment.section.heading == "Sanctions and Spare Parts"
    client.logout()
    assert shown_on(client, live) == (
        "deep-dive-sanctions-and-spare-parts", "Deep Dive: Sanctions and Spare Parts"
    )  # fmt: skip


def test_approving_a_proposal_keeps_the_comment_on_its_section(
    client, desk, django_capture_on_commit_callbacks
):
    """An author's proposal that renames the section, once approved, keeps the link."""
    live = desk["alice_live"]
    comment = answer(live, position=1)
    client.force_login(desk["alice"])
    data = change_form_data(live, sections={0: ("Talks Resume Again", "A third time.")})
    assert client.post(change_url(live), data).status_code == 302
    client.force_login(desk["editor"])
    proposal = reverse("admin:blog_article_proposal", args=[live.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(proposal, {"_approve": "1", "note": "Fine."}).status_code == 302
    comment.refresh_from_db()
    assert comment.section is not None and comment.section.heading == "Talks Resume Again"
    client.logout()
    assert shown_on(client, live) == ("talks-resume-again", "Talks Resume Again")


def test_a_section_deleted_by_an_edit_leaves_the_comment_on_the_whole_article(client, desk):
    """Deleting the section in the article form keeps the comment, now on the whole article."""
    live = desk["bob_live"]
    comment = answer(live, position=1)
    client.force_login(desk["editor"])
    data = change_form_data(Article.objects.get(pk=live.pk))
    data["sections-0-DELETE"] = "on"
    assert client.post(change_url(live), data).status_code == 302
    comment.refresh_from_db()
    assert comment.section is None and comment.status == Comment.Status.APPROVED
    client.logout()
    html = client.get(live.get_absolute_url()).content.decode()
    assert "On this section." in html and 'class="comment-on"' not in html
