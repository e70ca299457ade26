"""Threat: an author's raw HTML impersonates the page or tracks its readers.

Authors may write raw HTML in articles. Two things it could do are refused: forge the page's
own hooks (``id="comment-form"`` clobbering the comment form, ``class="affiliate-link"``
passing a link off as a disclosed affiliate link without the ``aff:`` resolver), and
hot-link an image from another server (a tracking pixel logging every reader's address).
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from blog.markup import check_markdown, render_markdown
from blog.models import Article
from tests import factories
from tests.affiliates.factories import make_link
from tests.blog.test_admin import article_form_data
from tests.html_checks import elements

pytestmark = pytest.mark.django_db

FORGED = (
    '<p id="comment-form" class="affiliate-disclosure">Hello '
    '<a href="https://shop.example/" class="affiliate-link" id="respond">deal</a> '
    '<span class="affiliate-embed footnote-item" id="fn-lede-1">x</span></p>\n\n'
    '<div class="footnotes" id="main">y</div>'
)


def attributes_named(html: str, *names: str) -> list[tuple[str, str, str]]:
    return [
        (tag, name, attrs[name]) for tag, attrs in elements(html) for name in names if name in attrs
    ]


def test_hand_written_class_and_id_are_dropped():
    """No class or id an author typed survives, whatever its value."""
    assert attributes_named(render_markdown(FORGED), "class", "id") == []


def test_a_forged_affiliate_class_does_not_make_an_affiliate_link():
    """class="affiliate-link" by hand is dropped; only aff:slug gets it, through the resolver."""
    make_link(slug="kettle")
    html = render_markdown(
        '<a href="https://shop.example/" class="affiliate-link">forged</a> and [real](aff:kettle)',
        context={"article_slug": "a"},
    )
    links = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert "class" not in links[0]
    assert links[1]["class"] == "affiliate-link"
    assert links[1]["href"].startswith("/go/kettle/")


def test_the_renderers_own_footnote_and_code_attributes_remain():
    """Footnote ids and classes, and fenced code's language class, are the renderer's: kept."""
    html = render_markdown(
        "Claim[^1].\n\n```python\nx = 1\n```\n\n[^1]: Source.", context={"anchor_prefix": "s1"}
    )
    found = attributes_named(html, "class", "id")
    assert ("sup", "class", "footnote-ref") in found
    assert ("a", "id", "fnref-s1-1") in found
    assert ("li", "id", "fn-s1-1") in found
    assert ("code", "class", "language-python") in found
    assert "own" not in "".join(value for _, _, value in found)  # the marker is gone


def test_a_forged_comment_form_id_never_reaches_the_article_page(client):
    """An article whose text says id="comment-form" shows exactly one element with that id."""
    article = factories.make_article(
        intro='<div id="comment-form">fake</div>', sections=factories.standard_sections()
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="comment-form"' not in article.intro_html
    assert html.count('id="comment-form"') <= 1


@pytest.mark.parametrize(
    "text",
    [
        "![pixel](https://tracker.example/p.gif)",
        '<img src="https://tracker.example/p.gif" alt="">',
        '<img src="//tracker.example/p.gif">',
        "![x](http://127.0.0.1:9/p.gif)",
        "![x](/media/../admin/p.gif)",
        "![x](media/p.gif)",
    ],
)
def test_a_hot_linked_image_is_refused_with_its_address(text):
    """Markdown or raw HTML, an image from anywhere but the site's media is a save error."""
    problems = check_markdown(text)
    assert len(problems) == 1
    assert "is not on this site" in problems[0]
    assert "tracker.example" in problems[0] or "p.gif" in problems[0]
    assert "<img" not in render_markdown(text) or "src=" not in render_markdown(text)


def test_images_from_the_sites_media_are_accepted(settings):
    """/media/… (or the same under SITE_URL) is the site's own: accepted and shown."""
    settings.BROADSHEET = {**settings.BROADSHEET, "SITE_URL": "https://news.example.com"}
    for src in ("/media/articles/2026/01/a.jpg", "https://news.example.com/media/b.png"):
        assert check_markdown(f"![a]({src})") == []
        assert f'src="{src}"' in render_markdown(f"![a]({src})")


def test_a_configured_media_host_is_the_only_image_source(settings):
    """With MEDIA_URL on a media host, that host's images are accepted, others refused."""
    settings.MEDIA_URL = "https://media.example.com/"
    assert check_markdown("![a](https://media.example.com/a.jpg)") == []
    assert check_markdown("![a](https://media.example.com.evil.example/a.jpg)") != []


def test_an_author_saving_a_tracking_pixel_in_the_admin_sees_the_address(editor_client, editor):
    """The admin form refuses the section, names the image's address, and keeps the text."""
    body = "Paragraph.\n\n![](https://tracker.example/pixel.gif?id=42)"
    data = article_form_data(editor, [("section", "Talks", body)])
    response = editor_client.post(reverse("admin:blog_article_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "https://tracker.example/pixel.gif?id=42" in page
    assert "is not on this site" in page
    assert not Article.objects.filter(slug=data["slug"]).exists()


def test_text_saved_under_older_rules_is_cleaned_by_rerender_markup():
    """`manage.py rerender_markup` re-renders stored HTML, dropping a forged id saved before."""
    article = factories.make_article(sections=[("section", "Talks", "Body.")])
    section = article.sections.get()
    forged = '<p><span id="comment-form" class="affiliate-link">old</span></p>'
    Article.objects.filter(pk=article.pk).update(intro_html=forged)
    type(section).objects.filter(pk=section.pk).update(body_html=forged)
    out = io.StringIO()
    call_command("rerender_markup", stdout=out)
    assert "Ledes changed: 1; sections changed: 1." in out.getvalue()
    article.refresh_from_db()
    section.refresh_from_db()
    assert "comment-form" not in article.intro_html
    assert section.body_html == "<p>Body.</p>"
