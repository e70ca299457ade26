"""export_article: Markdown that import_article reads back to the same article."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from blog.models import Article
from tests import factories
from tests.blog.import_drafts import FIXTURES

pytestmark = pytest.mark.django_db

TRICKY_SECTIONS = [
    ("section", "Talks Resume in Lisvard", "Negotiators met *again*.\n\n- one\n- two"),
    (
        "deep-dive",
        "Sanctions and Spare Parts",
        "> “We will not be hurried.”\n> — A minister\n\nAfter the quote.",
    ),
    # A free section whose heading names a kind, and one in "Kind: Heading" form.
    ("section", "Conclusion", "Not the typed conclusion."),
    ("section", "Deep Dive: Not a Kind", "Still a free section."),
    ("prophetic-context", "", "“A paragraph entirely in quotes.”\n\nShare"),
    ("strategic-implications", "What to Watch", "```\n## not a heading\n```\n\nAfter code."),
    ("conclusion", "", "The outcome is **uncertain**.\n\nLeave a comment"),
]


def export(slug: str) -> str:
    out = io.StringIO()
    call_command("export_article", slug, stdout=out)
    return out.getvalue()


def import_text(text: str, author) -> Article:
    call_command(
        "import_article", "-", "--author", author.username, stdin=io.StringIO(text),
        stdout=io.StringIO(),
    )  # fmt: skip
    return Article.objects.order_by("-pk").first()


def shape(article: Article) -> dict:
    sections = article.sections.select_related("kind").order_by("position")
    return {
        "title": article.title,
        "dek": article.dek,
        "intro": article.intro.replace("\r\n", "\n").strip(),
        "sections": [
            (s.kind.slug, s.display_heading, s.body.replace("\r\n", "\n").strip()) for s in sections
        ],
    }


def test_export_writes_title_standfirst_lede_and_labelled_headings():
    """# Title, *standfirst*, the lede, then ## headings with their kind labels."""
    article = factories.make_article(
        title="Harbour Talks Reopen", dek="A thaw, or a pause?",
        intro="The lede.", sections=factories.standard_sections(),
    )  # fmt: skip
    lines = export(article.slug).split("\n")
    assert lines[1:7] == [
        "",
        "# Harbour Talks Reopen",
        "",
        "*A thaw, or a pause?*",
        "",
        "The lede.",
    ]
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## Talks Resume in Lisvard",
        "## Deep Dive: Sanctions and Spare Parts",
        "## Conclusion",
    ]


def test_round_trip_reproduces_title_standfirst_lede_and_sections(editor):
    """Export then import: same title, standfirst, lede, kinds, headings and bodies."""
    original = factories.make_article(
        title="Harbour Talks Reopen",
        dek="A *thaw*, or a pause? C:\\ drive \\ backslashes",
        intro="The lede, first paragraph.\n\n## A lede sub-heading\n\nSecond paragraph.",
        sections=TRICKY_SECTIONS,
    )
    copy = import_text(export(original.slug), editor)
    assert copy.pk != original.pk
    expected = shape(original)
    # A "## " line in a lede or body comes back one level down; it renders the same <h3>.
    expected["intro"] = expected["intro"].replace("## A lede", "### A lede")
    assert shape(copy) == expected
    assert copy.intro_html == original.intro_html


def test_round_trip_keeps_the_html_of_a_demoted_heading(editor):
    """A body "## Sub" exported as "### Sub" renders to the same HTML."""
    original = factories.make_article(sections=[("section", "Free", "## Sub\n\nText.")])
    copy = import_text(export(original.slug), editor)
    section, copied = original.sections.get(), copy.sections.get()
    assert copied.body == "### Sub\n\nText."
    assert copied.body_html == section.body_html


def test_round_trip_without_standfirst_keeps_an_italic_first_lede_line(editor):
    """No standfirst and a lede opening in italics: the italics stay in the lede."""
    original = factories.make_article(
        dek="", intro="*Updated on Friday.*\n\nThe lede.", sections=[("conclusion", "", "End.")]
    )
    text = export(original.slug)
    assert text.startswith("<!-- broadsheet-export: no-standfirst -->")
    assert shape(import_text(text, editor)) == shape(original)


def test_imported_sample_layout_round_trips(editor):
    """The sample-layout draft, imported, exported and imported again: the same article."""
    path = str(FIXTURES / "sample-layout.txt")
    call_command("import_article", path, "--title", "Velmora Frees 31", "--author",
                 editor.username, stdout=io.StringIO())  # fmt: skip
    first = Article.objects.get()
    second = import_text(export(first.slug), editor)
    assert shape(second) == shape(first)
    assert [s.kind.slug for s in second.sections.all()] == [
        "section", "deep-dive", "section", "prophetic-context", "strategic-implications",
        "conclusion",
    ]  # fmt: skip


def test_export_to_a_file(tmp_path):
    """--output FILE writes UTF-8 Markdown there and says so."""
    article = factories.make_article(
        title="Café Politics in Łódź", sections=[("section", "Ż", "é")]
    )
    target = tmp_path / "article.md"
    out = io.StringIO()
    call_command("export_article", article.slug, "--output", str(target), stdout=out)
    assert "# Café Politics in Łódź" in target.read_text(encoding="utf-8")
    assert str(target) in out.getvalue()


def test_export_unknown_slug_is_an_error(db):
    """No article with that slug: CommandError."""
    with pytest.raises(CommandError, match="No article with the slug “nope”"):
        export("nope")
