"""Drafts in the shapes real posts come in (issue 14): each imports as an editor would split it."""

from __future__ import annotations

import pytest

from blog.importer import plan_import
from tests.blog.import_drafts import assert_nothing_lost, draft
from tests.blog.import_shapes import SHAPES

pytestmark = pytest.mark.django_db


def no_links(names):
    return {}


def paragraphs(text: str) -> list[str]:
    """The Markdown text's paragraphs (blocks), without footnote definitions."""
    return [part for part in text.split("\n\n") if part.strip() and not part.startswith("[^")]


def structure(plan) -> dict:
    return {
        "title": plan.title,
        "dek": plan.dek,
        "sections": [
            (s.kind_slug, s.display_heading, len(paragraphs(s.body))) for s in plan.sections
        ],
        "quotes": plan.quote_lines,
        "lists": plan.list_lines,
        "tags": plan.tags,
        "byline": plan.byline,
        "footnotes": plan.footnote_lines,
        "not_imported": [(item.line, item.reason.split(" (")[0]) for item in plan.not_imported],
    }


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_is_read_as_an_editor_would(name):
    """Title, standfirst, sections (kind, heading, paragraphs), quotes, tags, what is left out."""
    expected = SHAPES[name]
    plan = plan_import(draft(name), find_links=no_links)
    assert structure(plan) == {key: value for key, value in expected.items() if key != "intro"}
    intro = paragraphs(plan.intro)
    assert len(intro) == len(expected["intro"])
    for paragraph, start in zip(intro, expected["intro"], strict=True):
        assert paragraph.startswith(start), (paragraph, start)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_loses_no_line(name):
    """Every non-empty line is in the article or in the report with its reason."""
    text = draft(name)
    assert_nothing_lost(text, plan_import(text, find_links=no_links))


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_reports_nothing_that_is_in_the_article(name):
    """No reported line (chrome, byline, bio, front matter) is in the lede or a body."""
    plan = plan_import(draft(name), find_links=no_links)
    text = "\n".join([plan.intro, *(section.body for section in plan.sections)])
    lines = {line.strip() for line in text.split("\n")}
    for item in plan.not_imported:
        assert item.text not in lines, item
        assert len(item.text) < 20 or item.text not in text, item


# --- Through the command and the admin --------------------------------------------------------


@pytest.fixture
def owner(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("owner", "owner@example.com", "x")


def run_command(*args) -> str:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("import_article", *args, stdout=out)
    return out.getvalue()


def test_command_takes_title_standfirst_and_tags_from_front_matter(owner):
    """A Jekyll draft: title, standfirst and tags (with --tags added) reach the article."""
    from blog.models import Article
    from tests.blog.import_drafts import FIXTURES

    output = run_command(str(FIXTURES / "jekyll-front-matter.md"), "--tags", "russia")
    article = Article.objects.get()
    assert article.title == "Sanctions Leak Through the Caspian"
    assert article.dek.startswith("How Kazakh rail hubs")
    assert sorted(article.tags.names()) == [
        "analysis", "caspian", "machine tools", "russia", "sanctions"
    ]  # fmt: skip
    assert "layout" not in article.intro and "---" not in article.intro
    assert "Tags: sanctions, caspian, machine tools, analysis" in output
    assert "line 5: “date: 2024-11-02 09:30:00 +0100” — front matter" in output


def test_admin_create_keeps_the_front_matter_tags(editor_client):
    """The admin's Create draft gives a TOML draft its [taxonomies] tags too."""
    from django.urls import reverse

    from blog.models import Article

    text = draft("zola-toml-front-matter.md")
    response = editor_client.post(
        reverse("admin:blog_article_import"), {"text": text, "_create": "1"}
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert sorted(article.tags.names()) == ["Explainers", "Moldova", "parliaments"]
    assert article.dek == "Remote voting was meant for the pandemic; it never went away."


def test_pasted_notes_render_as_footnotes_of_their_section(owner):
    """The journal's notes become footnotes linked from the markers in the same section."""
    from blog.models import Article
    from tests.blog.import_drafts import FIXTURES

    run_command(str(FIXTURES / "journal-footnotes.txt"))
    article = Article.objects.get()
    hedging = article.sections.get(heading="2. The Hedging Years")
    assert "[^4]" in hedging.body and "[^4]: Stockholm Arms Transfers Database" in hedging.body
    assert 'class="footnote-ref"' in hedging.body_html
    assert "Stockholm Arms Transfers Database" in hedging.body_html
    assert "[^1]" in article.intro and "Oriana Castell" in article.intro
