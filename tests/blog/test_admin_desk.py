"""The article form's helpers through the admin's HTTP surface: a section's preview, tag
suggestions, the slug's real address, the save buttons at the top and bottom, display names."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from blog.models import BODY_MAX_LENGTH, Article, SectionKind, Tag
from tests import factories

pytestmark = pytest.mark.django_db

PREVIEW_URL = reverse("admin:blog_article_section_preview")
TAGS_URL = reverse("admin:blog_article_tag_suggestions")
ADD_URL = reverse("admin:blog_article_add")


def author_in_group(**fields):
    user = factories.make_user(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name="Authors"))
    return user


def preview(client, body, *, kind="conclusion", heading="", **extra):
    kinds = factories.kinds()
    data = {"kind": kinds[kind].pk, "heading": heading, "body": body, **extra}
    return client.post(PREVIEW_URL, data)


# --- the section preview --------------------------------------------------------------


def test_preview_renders_the_section_as_the_article_page_does(editor_client, client):
    """The preview's HTML is the block template's, the same as the published page's."""
    body = "Negotiators met on **Tuesday**.\n\n> “Not yet.”\n> — A minister"
    response = preview(editor_client, body, kind="deep-dive", heading="Spare Parts")
    assert response.status_code == 200
    answer = response.json()
    article = factories.make_article(sections=[("deep-dive", "Spare Parts", body)])
    page = client.get(article.get_absolute_url()).content.decode()
    body_html = re.search(r'<div class="prose deep-dive-body">.*?</div>', answer["html"], re.S)
    assert body_html and body_html.group(0) in page
    assert "Deep Dive</span>" in answer["html"] and "Spare Parts" in answer["html"]
    assert answer["words"] == article.sections.get().word_count
    assert answer["minutes"] == 1
    assert answer["problems"] == []


def test_preview_is_sanitised(editor_client):
    """Scripts, handlers and javascript: URLs never come back; the heading is escaped."""
    body = (
        '<script>alert(1)</script><img src=x onerror="alert(2)">\n\n'
        "[click](javascript:alert(3)) <b onclick='x()'>bold</b>"
    )
    answer = preview(editor_client, body, kind="section", heading="<i>Hi</i>").json()
    html = answer["html"].lower()
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert 'href="javascript' not in html and "<b>bold</b>" in html
    assert "&lt;i&gt;hi&lt;/i&gt;" in html


def test_preview_names_what_would_stop_the_save(editor_client):
    """An unknown affiliate slug is reported as the save would report it."""
    answer = preview(editor_client, "Buy [it](aff:no-such-link).").json()
    assert answer["problems"]


def test_preview_needs_a_login_and_a_writer(client):
    """Anonymous visitors go to the login page; staff who may not write articles get 403."""
    response = preview(client, "Text.")
    assert response.status_code == 302 and "/login/" in response["Location"]
    reader = factories.make_user(is_staff=True)
    client.force_login(reader)
    assert preview(client, "Text.").status_code == 403


def test_preview_of_someone_elses_article_is_not_found(client, editor):
    """An author may preview sections of their own articles only (as the change form)."""
    alice = author_in_group(username="alice")
    theirs = factories.make_article(author=editor)
    mine = factories.make_article(author=alice)
    client.force_login(alice)
    assert preview(client, "Text.", article=str(theirs.pk)).status_code == 404
    assert preview(client, "Text.", article="1 OR 1=1").status_code == 404
    assert preview(client, "Text.", article=str(mine.pk)).status_code == 200


def test_preview_is_post_only_and_csrf_protected(editor):
    """GET is refused; a POST without the CSRF token is refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(PREVIEW_URL).status_code == 405
    assert preview(client, "Text.").status_code == 403


def test_preview_is_size_limited_and_checks_its_kind(editor_client):
    """Text beyond the body's limit is refused with a clear message; so is a bad kind."""
    response = preview(editor_client, "a " * (BODY_MAX_LENGTH // 2 + 1))
    assert response.status_code == 413
    assert "100,000 characters" in response.json()["error"]
    response = editor_client.post(PREVIEW_URL, {"kind": "x", "body": "Text."})
    assert response.status_code == 400


# --- tag suggestions ------------------------------------------------------------------


def test_tag_suggestions_match_the_start_of_existing_tags(editor_client):
    """Any case; Unicode names; nothing for empty or punctuation-only input."""
    factories.make_article(tags=["Diplomacy", "diplomats", "sanctions", "Україна"])
    names = [t["name"] for t in editor_client.get(TAGS_URL, {"q": "DIPL"}).json()["results"]]
    assert names == ["Diplomacy", "diplomats"]
    ukraine = editor_client.get(TAGS_URL, {"q": "укр"}).json()["results"]
    assert [t["name"] for t in ukraine] == ["Україна"]
    assert editor_client.get(TAGS_URL, {"q": "!!!"}).json() == {"results": []}
    assert editor_client.get(TAGS_URL).json() == {"results": []}


@pytest.mark.parametrize("tags", [12, 120])
def test_tag_suggestions_are_bounded(editor_client, django_assert_max_num_queries, tags):
    """At most ten answers in one query, however many tags match (no per-tag work)."""
    Tag.objects.bulk_create(Tag(name=f"harbour {n}", slug=f"harbour-{n}") for n in range(tags))
    # Session, user, their permissions (two), then the one tag query.
    with django_assert_max_num_queries(5):
        answer = editor_client.get(TAGS_URL, {"q": "harb" + "x" * 500}).json()
    assert answer == {"results": []}
    with django_assert_max_num_queries(5):
        answer = editor_client.get(TAGS_URL, {"q": "harb"}).json()
    assert len(answer["results"]) == 10


def test_tag_suggestions_need_a_writer(client):
    """Anonymous visitors go to the login page; staff who may not write articles get 403."""
    Tag.objects.create(name="diplomacy")
    response = client.get(TAGS_URL, {"q": "dip"})
    assert response.status_code == 302
    client.force_login(factories.make_user(is_staff=True))
    assert client.get(TAGS_URL, {"q": "dip"}).status_code == 403


# --- the form: slug address, save buttons, display names ------------------------------


def test_slug_help_shows_the_articles_real_address(editor_client, editor, settings):
    """Built from SITE_URL and the article route; the add form shows a placeholder slug."""
    settings.BROADSHEET = {**settings.BROADSHEET, "SITE_URL": "https://news.example.com/"}
    article = factories.make_article(author=editor, slug="harbour-talks")
    change = editor_client.get(reverse("admin:blog_article_change", args=[article.pk]))
    html = change.content.decode()
    assert "https://news.example.com/articles/<span class='slug-address-slug'>harbour-talks" in (
        html.replace('"', "'")
    )
    assert 'data-address-prefix="https://news.example.com/articles/"' in html
    add = editor_client.get(ADD_URL).content.decode()
    assert "your-slug" in add


def submit_rows(html):
    return re.findall(r'<div class="submit-row">(.*?)</div>', html, re.S)


def test_save_and_preview_is_with_the_save_buttons_top_and_bottom(editor_client, editor):
    """Both submit rows carry Save first, then Save and preview and the workflow moves."""
    article = factories.make_article(author=editor, status=Article.Status.DRAFT, published_at=None)
    html = editor_client.get(reverse("admin:blog_article_change", args=[article.pk])).content
    rows = submit_rows(html.decode())
    assert len(rows) == 2
    for row in rows:
        names = re.findall(r'name="(_\w+)"', row)
        assert names[0] == "_save"
        assert "_preview" in names and "_publish" in names
    add_rows = submit_rows(editor_client.get(ADD_URL).content.decode())
    assert len(add_rows) == 2 and all('name="_preview"' in row for row in add_rows)


def test_kind_buttons_come_from_the_section_kinds(editor_client):
    """The kind select the "+ Kind" buttons are made from lists every kind, new ones too."""
    factories.kinds()
    SectionKind.objects.create(name="Field Notes", slug="field-notes", label="Field Notes")
    html = editor_client.get(ADD_URL).content.decode()
    template = html[html.index('id="sections-empty"') :]
    assert ">Field Notes</option>" in template
    assert 'data-words-per-minute="230"' in template and "data-preview-url=" in template
