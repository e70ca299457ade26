from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from blog.models import Article, Section, SectionKind
from tests import factories
from tests.html_checks import dangers

pytestmark = pytest.mark.django_db


def test_published_queryset_shows_only_public_articles():
    """published() hides drafts, articles in review and scheduled articles."""
    now = timezone.now()
    public = factories.make_article(title="Public")
    factories.make_article(title="Draft", status=Article.Status.DRAFT)
    factories.make_article(title="Review", status=Article.Status.REVIEW)
    factories.make_article(title="Scheduled", published_at=now + timedelta(hours=1))
    factories.make_article(
        title="Review with a past date", status=Article.Status.REVIEW, published_at=now
    )
    assert list(Article.objects.published()) == [public]


def test_scheduled_article_appears_when_its_time_comes(client):
    """A future published_at needs no cron job: the article appears once the time passes."""
    article = factories.make_article(published_at=timezone.now() + timedelta(seconds=30))
    assert article.is_scheduled and not article.is_public
    assert client.get(article.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200


def test_publishing_without_a_date_stamps_now():
    """Saving as published with no date publishes immediately."""
    article = factories.make_article(status=Article.Status.DRAFT)
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None and article.is_public


def test_builtin_section_kinds_exist():
    """The data migration creates the kinds the sample uses and a generic one."""
    kinds = {kind.slug: kind for kind in SectionKind.objects.all()}
    assert kinds["deep-dive"].label == "Deep Dive"
    assert {"prophetic-context", "strategic-implications", "conclusion", "section"} <= set(kinds)
    assert kinds["section"].label == "" and kinds["section"].is_generic


@pytest.mark.parametrize(
    ("slug", "heading", "expected"),
    [
        ("deep-dive", "Sanctions Relief and Strategic Calculations",
         "Deep Dive: Sanctions Relief and Strategic Calculations"),
        ("conclusion", "", "Conclusion"),
        ("conclusion", "conclusion", "Conclusion"),
        ("section", "Geopolitical Pressure Intensifies", "Geopolitical Pressure Intensifies"),
    ],
)  # fmt: skip
def test_section_display_heading(slug, heading, expected):
    """A typed section reads "Label: heading"; the label alone when the heading is empty."""
    assert SectionKind.objects.get(slug=slug).display_heading(heading) == expected


def test_section_save_renders_safe_html():
    """Every save re-renders the stored HTML from the Markdown body."""
    article = factories.make_article(sections=[("section", "One", "*first*")])
    section = article.sections.get()
    assert section.body_html == "<p><em>first</em></p>"
    section.body = "<script>alert(1)</script>\n\n**second** [x](javascript:alert(1))"
    section.save()
    section.refresh_from_db()
    assert dangers(section.body_html) == []
    assert "<script" not in section.body_html and 'href="javascript' not in section.body_html
    assert "<strong>second</strong>" in section.body_html
    assert section.word_count == 3


def test_intro_is_rendered_on_save():
    """The lede is stored as sanitised HTML too."""
    article = factories.make_article(intro='Lede <img src=/media/x.png onerror="alert(1)">')
    assert article.intro_html == '<p>Lede <img src="/media/x.png"></p>'


def test_free_section_needs_a_heading():
    """full_clean refuses a free section without a heading, but not a typed one."""
    article = factories.make_article()
    kinds = factories.kinds()
    with pytest.raises(ValidationError) as error:
        Section(article=article, kind=kinds["section"], heading="", body="x").full_clean()
    assert "heading" in error.value.message_dict
    Section(article=article, kind=kinds["conclusion"], heading="", body="x").full_clean()


def test_nul_characters_are_rejected_by_validation():
    """NUL in a text field is a validation error, not a database crash."""
    article = factories.make_article()
    article.title = "Bad\x00title"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "title" in error.value.message_dict


def test_featured_image_needs_alt_text_and_gets_renditions():
    """An image without alt text is refused; with it, resized renditions are made."""
    article = factories.make_article()
    article.featured_image = factories.image_file(size=(1300, 700))
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "featured_image_alt" in error.value.message_dict
    article.featured_image_alt = "A harbour at dusk"
    article.full_clean()
    article.save()
    article.refresh_from_db()
    assert sorted(article.image_renditions, key=int) == ["480", "800", "1200", "1300"]


def test_non_image_upload_is_refused():
    """A file named .png that is not an image fails Pillow's check."""
    article = factories.make_article(featured_image_alt="alt")
    article.featured_image = factories.SimpleUploadedFile("evil.png", b"<?php echo 1; ?>")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "not an image" in str(error.value)


def test_reading_time_counts_lede_and_sections():
    """Reading time is words over 230 per minute, at least one minute."""
    body = " ".join(["word"] * 460)
    article = factories.make_article(intro="", sections=[("section", "A", body)])
    assert article.reading_minutes(article.sections.all()) == 2
