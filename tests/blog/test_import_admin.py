"""The admin's "Import article" page: paste or upload, preview, fix the title, create."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from blog.models import Article
from tests import factories
from tests.blog.import_drafts import draft
from tests.html_checks import dangers

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:blog_article_import")
CHANGELIST_URL = reverse("admin:blog_article_changelist")


def preview_section(html: str) -> str:
    match = re.search(r'<section class="module import-preview".*?</section>', html, re.S)
    assert match, "no preview on the page"
    return match.group(0)


def textarea_value(html: str) -> str:
    match = re.search(r'<textarea name="text"[^>]*>\n?(.*?)</textarea>', html, re.S)
    assert match, "no draft text area"
    return match.group(1)


def big_draft(sections: int) -> str:
    parts = ["Korsk Weighs Its Options", "A lede paragraph that is long enough to be a lede."]
    for number in range(sections):
        parts += [f"Heading Number {number}", f"A body paragraph for section {number}, long."]
    parts += ["Disclosure: links here may earn a commission.", "Northwind Teas – fine teas."]
    return "\n".join(parts) + "\n"


def test_article_list_links_to_the_import_page(editor_client):
    """The changelist shows an "Import article" button to authors who may add articles."""
    html = editor_client.get(CHANGELIST_URL).content.decode()
    assert f'href="{IMPORT_URL}"' in html and "Import article" in html


@pytest.mark.parametrize("size", [1, 20])
def test_article_list_query_budget(editor_client, editor, django_assert_max_num_queries, size):
    """The changelist with the import button: no query per article or author (N+1)."""
    for _ in range(size):
        factories.make_article(author=editor)
    with django_assert_max_num_queries(11):
        assert editor_client.get(CHANGELIST_URL).status_code == 200


def test_import_page_shows_the_form(editor_client, django_assert_max_num_queries):
    """GET: the paste area, the upload field and the title field, CSRF token included."""
    with django_assert_max_num_queries(4):  # session, user, permissions (2)
        response = editor_client.get(IMPORT_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="text"' in html and 'name="upload"' in html and 'name="title"' in html
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    assert "_create" not in html  # nothing to create before a preview


def test_paste_shows_a_preview_of_the_structure_and_the_report(editor_client):
    """Preview: six sections with kinds, the quote, the lines left out; nothing saved."""
    text = draft("sample-layout.txt")
    response = editor_client.post(IMPORT_URL, {"text": text, "_preview": "1"})
    assert response.status_code == 200
    preview = preview_section(response.content.decode())
    headings = re.findall(
        r'<span class="status-badge" title="([^"]+)">([^<]+)</span> <strong>([^<]+)</strong>',
        preview,
    )
    assert [(slug, heading) for slug, _, heading in headings] == factories.SAMPLE_HEADINGS
    assert [label for _, label, _ in headings] == [
        "Section", "Deep Dive", "Section", "Prophetic Context", "Strategic Implications",
        "Conclusion",
    ]  # kinds by their names, not their slugs  # fmt: skip
    assert "<blockquote>" in preview
    assert "<td>21</td><td>Affiliate Disclosure:</td>" in preview
    assert "<td>26</td><td>Leave a comment</td><td>platform chrome</td>" in preview
    assert "None found" in preview  # the sample has no headline
    html = response.content.decode()
    assert 'name="_create"' in html
    assert "Velmora freed 31 detained journalists" in textarea_value(html)
    assert not Article.objects.exists()


def test_preview_then_title_then_create_opens_the_editor(editor_client, editor):
    """Create with the title typed in: a draft by the user, then its change form."""
    text = draft("sample-layout.txt")
    response = editor_client.post(
        IMPORT_URL, {"text": text, "title": "Velmora Frees 31 Journalists", "_create": "1"}
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:blog_article_change", args=[article.pk])
    assert article.title == "Velmora Frees 31 Journalists" and article.author == editor
    assert article.status == Article.Status.DRAFT
    assert [s.kind.slug for s in article.sections.all()] == [
        "section", "deep-dive", "section", "prophetic-context", "strategic-implications",
        "conclusion",
    ]  # fmt: skip
    follow = editor_client.get(response["Location"])
    assert follow.status_code == 200
    assert "was imported as a draft" in follow.content.decode()


def test_create_without_a_title_asks_for_one(editor_client):
    """A draft without a headline and an empty title field: a form error, nothing saved."""
    text = draft("sample-layout.txt")
    response = editor_client.post(IMPORT_URL, {"text": text, "title": "", "_create": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The draft has no headline: give the article a title." in html
    assert "Velmora freed 31 detained journalists" in textarea_value(html)
    assert not Article.objects.exists()


def test_preview_fills_in_the_title_it_found(editor_client):
    """A draft with a headline: the title field comes back filled with it."""
    response = editor_client.post(IMPORT_URL, {"text": draft("plain-colons.txt"), "_preview": "1"})
    assert 'value="Korsk Reopens Its Border Crossings"' in response.content.decode()


def test_upload_a_markdown_file(editor_client):
    """Uploading a .md: its title is found and its text comes back in the text area."""
    upload = SimpleUploadedFile(
        "draft.md", draft("markdown-titled.md").encode(), content_type="text/markdown"
    )
    response = editor_client.post(IMPORT_URL, {"upload": upload, "_preview": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Harbour Deal Tests Old Friendships" in preview_section(html)
    assert "Deep Dive: The Port Contract" in preview_section(html)
    assert "# Harbour Deal Tests Old Friendships" in textarea_value(html)


def test_upload_creates_directly(editor_client):
    """An uploaded .txt with a headline can be created without a preview."""
    upload = SimpleUploadedFile("draft.txt", draft("disclosure-top.txt").encode("utf-8"))
    response = editor_client.post(IMPORT_URL, {"upload": upload, "_create": "1"})
    assert response.status_code == 302
    assert Article.objects.get().title == "Lorries, Potash and a Quiet Deal"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("draft.docx", b"PK\x03\x04", "Upload a .txt or .md file."),
        ("draft.txt", "Café\n".encode("latin-1"), "not UTF-8 text"),
        ("draft.md", b"Title\x00\nText", "NUL characters"),
        ("draft.txt", b"x" * (1024 * 1024 + 1), "larger than 1 MB"),
    ],
)
def test_bad_uploads_are_clear_form_errors(editor_client, name, content, message):
    """Wrong type, wrong encoding, NUL, too large: an error on the form, nothing saved."""
    upload = SimpleUploadedFile(name, content)
    response = editor_client.post(IMPORT_URL, {"upload": upload, "_create": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_nothing_to_import_is_a_form_error(editor_client):
    """Neither text nor file: the form asks for one."""
    response = editor_client.post(IMPORT_URL, {"text": "   ", "_preview": "1"})
    assert "Paste the draft, or choose a file to upload." in response.content.decode()


def test_pasted_nul_is_a_form_error(editor_client):
    """NUL characters in the pasted text: refused with Django's message."""
    response = editor_client.post(IMPORT_URL, {"text": "Title\x00\nBody", "_preview": "1"})
    assert "Null characters are not allowed." in response.content.decode()


def test_preview_shows_hostile_markup_only_sanitised(editor_client):
    """Script, handlers and javascript: URLs in a draft never reach the preview's HTML."""
    text = (
        "A Headline With <b>Tags</b>\n"
        "A lede with <script>alert(1)</script> and <img src=x onerror=alert(1)>.\n"
        "Section <i>Two</i>\n"
        "A body with [a link](javascript:alert(1)) and <iframe src=https://evil.example>.\n"
    )
    response = editor_client.post(IMPORT_URL, {"text": text, "_preview": "1"})
    preview = preview_section(response.content.decode())
    # The page's own "flip" checkboxes are the only form controls the preview may hold.
    preview = re.sub(
        r'<input type="checkbox" name="flip" value="\d+" form="import-form">', "", preview
    )
    assert dangers(preview) == []
    assert "A Headline With &lt;b&gt;Tags&lt;/b&gt;" in preview


@pytest.mark.parametrize("sections", [2, 60])
def test_preview_query_budget(editor_client, django_assert_max_num_queries, sections):
    """Preview: section kinds and affiliate links are read once, whatever the draft's size."""
    with django_assert_max_num_queries(6):  # session, user, permissions (2), kinds, links
        response = editor_client.post(IMPORT_URL, {"text": big_draft(sections), "_preview": "1"})
    assert response.status_code == 200
    assert preview_section(response.content.decode()).count("status-badge") == sections


def test_non_staff_are_sent_to_the_login_page(client):
    """A logged-in reader who is not staff gets the admin login, not the page."""
    client.force_login(factories.make_user())
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    response = client.post(IMPORT_URL, {"text": draft("plain-colons.txt"), "_create": "1"})
    assert response.status_code == 302 and not Article.objects.exists()


def test_staff_without_add_permission_are_refused(client):
    """Staff who may not add articles get 403, and no import button on the list."""
    client.force_login(factories.make_user(is_staff=True))
    assert client.get(IMPORT_URL).status_code == 403
    response = client.post(IMPORT_URL, {"text": draft("plain-colons.txt"), "_create": "1"})
    assert response.status_code == 403 and not Article.objects.exists()


def test_create_requires_the_csrf_token(editor):
    """Without the CSRF token the create POST is refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(IMPORT_URL, {"text": draft("plain-colons.txt"), "_create": "1"})
    assert response.status_code == 403 and not Article.objects.exists()


# --- Correcting the detector in the preview (no JavaScript: checkboxes and hidden fields) ----

QUESTION_DRAFT = (
    "Harbour Fees Rise Again\n"
    "The port authority raised its fees for the third time this year. Shipping lines were "
    "told by letter.\n"
    "Why does this matter?\n"
    "Because the fees are passed on to every importer in the country, and from them to shops.\n"
    "Who Decides\n"
    "The authority's board has five members, all appointed by the transport ministry.\n"
)


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}"(?: value="([^"]*)")?', html)
    assert match, f"no hidden {name}"
    return match.group(1) or ""


def test_preview_offers_to_flip_each_heading_and_each_short_line(editor_client):
    """Each section has a "Not a heading" checkbox; short lines can be made headings."""
    response = editor_client.post(IMPORT_URL, {"text": QUESTION_DRAFT, "_preview": "1"})
    preview = preview_section(response.content.decode())
    assert '<input type="checkbox" name="flip" value="5" form="import-form"> Not a heading' in (
        preview
    )
    assert '<input type="checkbox" name="flip" value="3" form="import-form">' in preview
    assert "Why does this matter?" in preview


def test_flipping_a_line_makes_it_a_heading_and_the_correction_travels(editor_client):
    """Ticking "Why does this matter?" and previewing: it is a section; the next form keeps it."""
    response = editor_client.post(
        IMPORT_URL, {"text": QUESTION_DRAFT, "flip": ["3"], "_preview": "1"}
    )
    html = response.content.decode()
    headings = re.findall(r"<strong>([^<]+)</strong> <span class=\"import-note\">line", html)
    assert headings == ["Why does this matter?", "Who Decides"]
    assert hidden_value(html, "as_heading") == "3"
    # Create draft with the carried correction: the article has both sections.
    response = editor_client.post(
        IMPORT_URL, {"text": QUESTION_DRAFT, "as_heading": "3", "_create": "1"}
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert [s.heading for s in article.sections.all()] == ["Why does this matter?", "Who Decides"]


def test_flipping_a_heading_makes_it_a_paragraph_of_the_section_before(editor_client):
    """Ticking "Not a heading" on "Who Decides" and creating: one section fewer, text kept."""
    response = editor_client.post(
        IMPORT_URL, {"text": QUESTION_DRAFT, "flip": ["5"], "_create": "1"}
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.sections.count() == 0
    assert "\n\nWho Decides\n\nThe authority's board" in article.intro


def test_a_flipped_heading_can_be_flipped_back(editor_client):
    """A line made a heading, ticked again as "Not a heading", is a paragraph again."""
    response = editor_client.post(
        IMPORT_URL, {"text": QUESTION_DRAFT, "as_heading": "3", "flip": ["3"], "_preview": "1"}
    )
    html = response.content.decode()
    assert hidden_value(html, "as_heading") == "" and hidden_value(html, "as_paragraph") == "3"
    assert re.findall(r"<strong>([^<]+)</strong> <span class=\"import-note\">line", html) == [
        "Who Decides"
    ]


@pytest.mark.parametrize("value", ["x", "-3", "1,2,abc", "99999999999", "³"])
def test_forged_corrections_are_form_errors(editor_client, value):
    """Line numbers that are not numbers (or absurd): a form error, never a crash."""
    response = editor_client.post(
        IMPORT_URL, {"text": QUESTION_DRAFT, "as_heading": value, "_create": "1"}
    )
    assert response.status_code == 200
    assert "Not a line number." in response.content.decode()
    assert not Article.objects.exists()
