import re

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Article, SectionKind
from tests import factories

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:blog_article_add")

SAMPLE_SECTIONS = factories.SAMPLE_SECTIONS


def article_form_data(author, sections, **overrides):
    """What the admin's add form posts: the article fields and the section inline formset."""
    kinds = {kind.slug: kind.pk for kind in SectionKind.objects.all()}
    data = {
        "title": "Harbour Talks Reopen",
        "slug": "harbour-talks-reopen",
        "dek": "A thaw, or a pause?",
        "intro": "The lede, first paragraph.\n\nThe lede, second paragraph.",
        "status": Article.Status.PUBLISHED,
        "published_at_0": timezone.localtime().strftime("%Y-%m-%d"),
        "published_at_1": "00:00:00",
        "author": author.pk,
        "tags": "diplomacy, sanctions",
        "comments_open": "on",
        "featured_image_alt": "",
        "featured_image_caption": "",
        "featured_image_credit": "",
        "meta_description": "",
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    for index, (kind, heading, body) in enumerate(sections):
        data[f"sections-{index}-kind"] = kinds[kind]
        data[f"sections-{index}-heading"] = heading
        data[f"sections-{index}-body"] = body
        data[f"sections-{index}-position"] = ""
    data.update(overrides)
    return data


def rendered_sections(html):
    found = re.findall(r'<section[^>]*data-kind="([^"]+)"[^>]*>\s*<h2[^>]*>(.*?)</h2>', html, re.S)
    return [(kind, re.sub(r"<[^>]+>", "", heading)) for kind, heading in found]


def test_admin_is_branded(admin_client_logged):
    """The one admin site says Broadsheet."""
    assert "Broadsheet" in admin_client_logged.get(reverse("admin:index")).content.decode()


def test_editor_creates_an_article_with_three_kinds_of_section(editor_client, editor):
    """The add form with inlines creates the article, its tags and ordered sections."""
    sections = [
        ("section", "Talks Resume", "Negotiators met."),
        ("deep-dive", "Spare Parts", "> “We will not be hurried.”\n> — A minister"),
        ("conclusion", "", "Still **uncertain**."),
    ]
    response = editor_client.post(ADD_URL, article_form_data(editor, sections))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    article = Article.objects.get(slug="harbour-talks-reopen")
    assert [s.kind.slug for s in article.sections.all()] == ["section", "deep-dive", "conclusion"]
    assert [s.position for s in article.sections.all()] == [1, 2, 3]
    assert sorted(article.tags.names()) == ["diplomacy", "sanctions"]
    assert "<blockquote>" in article.sections.all()[1].body_html


def test_editor_reorders_sections(editor_client, editor):
    """Changing positions in the change form changes the reading order."""
    article = factories.make_article(author=editor, sections=factories.standard_sections())
    sections = list(article.sections.all())
    url = reverse("admin:blog_article_change", args=[article.pk])
    data = article_form_data(
        editor,
        [(s.kind.slug, s.heading, s.body) for s in sections],
        title=article.title,
        slug=article.slug,
        **{"sections-INITIAL_FORMS": "3"},
    )
    for index, (section, position) in enumerate(zip(sections, [3, 1, 2], strict=True)):
        data[f"sections-{index}-id"] = section.pk
        data[f"sections-{index}-article"] = article.pk
        data[f"sections-{index}-position"] = position
    response = editor_client.post(url, data)
    assert response.status_code == 302
    order = [s.heading for s in article.sections.all()]
    assert order == ["Sanctions and Spare Parts", "", "Talks Resume in Lisvard"]


def test_sample_article_entered_through_the_admin_renders_its_six_headings(
    editor_client, editor, client
):
    """The sample's six headings, with their kinds, appear in order in <section data-kind>."""
    sections = [(kind, heading, f"Body of section {i}.") for i, (kind, heading) in
                enumerate(SAMPLE_SECTIONS)]  # fmt: skip
    response = editor_client.post(ADD_URL, article_form_data(editor, sections))
    assert response.status_code == 302
    article = Article.objects.get(slug="harbour-talks-reopen")
    html = client.get(article.get_absolute_url()).content.decode()
    assert rendered_sections(html) == factories.SAMPLE_HEADINGS


def test_invalid_article_keeps_what_was_typed(editor_client, editor):
    """A free section without a heading is an error; the form keeps the author's text."""
    sections = [("section", "", "A body the author does not want to lose.")]
    response = editor_client.post(ADD_URL, article_form_data(editor, sections))
    assert response.status_code == 200
    html = response.content.decode()
    assert "A free section needs a heading." in html
    assert "A body the author does not want to lose." in html
    assert not Article.objects.exists()


def test_nul_in_admin_input_is_a_clear_error(editor_client, editor):
    """NUL characters are refused with a message, not a database error."""
    response = editor_client.post(ADD_URL, article_form_data(editor, [], title="Bad\x00title"))
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()


def test_save_and_preview_opens_the_preview(editor_client, editor):
    """“Save and preview” saves the draft and shows it as readers will see it."""
    data = article_form_data(
        editor, [("conclusion", "", "Done.")], status=Article.Status.DRAFT, _preview="1"
    )
    response = editor_client.post(ADD_URL, data)
    article = Article.objects.get(slug="harbour-talks-reopen")
    assert response["Location"] == reverse("blog:preview", args=[article.pk])
    preview = editor_client.get(response["Location"])
    assert rendered_sections(preview.content.decode()) == [("conclusion", "Conclusion")]


def test_article_list_filters_search_and_dates(editor_client, editor):
    """The changelist filters by status, author, tag and date, and searches titles."""
    factories.make_article(title="Copper quotas", author=editor, tags=["economy"])
    factories.make_article(title="Grain corridor", status=Article.Status.DRAFT, tags=["energy"])
    url = reverse("admin:blog_article_changelist")
    html = editor_client.get(url).content.decode()
    for filter_title in ("By status", "By author", "By tags", "By publication date"):
        assert filter_title in html
    assert "Copper quotas" in editor_client.get(url, {"q": "copper"}).content.decode()
    tagged = editor_client.get(url, {"tag": "economy"}).content.decode()
    assert "Copper quotas" in tagged and "Grain corridor" not in tagged
    drafts = editor_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Grain corridor" in drafts and "Copper quotas" not in drafts


def test_publish_action(editor_client, editor):
    """The bulk “publish now” action publishes drafts immediately."""
    draft = factories.make_article(status=Article.Status.DRAFT, author=editor)
    url = reverse("admin:blog_article_changelist")
    editor_client.post(url, {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_public


def test_owner_adds_a_section_kind_without_code(admin_client_logged, client):
    """A kind added in the admin can be used at once and renders with its label."""
    response = admin_client_logged.post(
        reverse("admin:blog_sectionkind_add"),
        {"name": "Timeline", "slug": "timeline", "label": "Timeline", "guidance": "Dates.",
         "position": 50},
    )  # fmt: skip
    assert response.status_code == 302
    article = factories.make_article(sections=[("timeline", "How We Got Here", "- 2020: x")])
    html = client.get(article.get_absolute_url()).content.decode()
    assert rendered_sections(html) == [("timeline", "Timeline: How We Got Here")]


def test_image_upload_is_checked_by_content(editor_client, editor):
    """A fake image is refused with a clear error; a real one needs alt text."""
    fake = factories.SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    data = article_form_data(editor, [], featured_image=fake)
    html = editor_client.post(ADD_URL, data).content.decode()
    assert "Upload a valid image" in html or "not an image" in html
    data = article_form_data(editor, [], featured_image=factories.image_file())
    html = editor_client.post(ADD_URL, data).content.decode()
    assert "alt text is required" in html
    data = article_form_data(
        editor, [], featured_image=factories.image_file(), featured_image_alt="Ships"
    )
    assert editor_client.post(ADD_URL, data).status_code == 302
    assert Article.objects.get().image_renditions


def test_publish_action_brings_a_scheduled_article_forward(editor_client, editor):
    """“Publish now” on a scheduled article publishes it immediately."""
    scheduled = factories.make_article(
        author=editor, published_at=timezone.now() + timezone.timedelta(days=2)
    )
    url = reverse("admin:blog_article_changelist")
    editor_client.post(url, {"action": "publish_now", "_selected_action": [scheduled.pk]})
    scheduled.refresh_from_db()
    assert scheduled.is_public


def test_unpublish_action_hides_the_article(editor_client, editor, client):
    """“Unpublish” takes a public article off the site and stamps the update."""
    article = factories.make_article(author=editor)
    before = article.updated_at
    url = reverse("admin:blog_article_changelist")
    editor_client.post(url, {"action": "unpublish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED and article.updated_at > before
    assert client.get(article.get_absolute_url()).status_code == 404
