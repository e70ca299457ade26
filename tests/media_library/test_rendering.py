"""Pictures in the text: ``![alt](image:42)`` becomes a figure with renditions and a size,
kept true to the library when a caption changes, and the page cache follows."""

import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from blog.models import Section
from media_library.models import Image
from tests import factories
from tests.media_library.factories import make_image

pytestmark = pytest.mark.django_db


def figure(html: str) -> str:
    found = re.search(r'<figure class="article-figure">.*?</figure>', html, re.S)
    assert found, html
    return found[0]


def test_a_picture_alone_on_its_line_is_a_figure_with_srcset_size_and_caption(client):
    image = make_image(caption="Boats at dawn <b>", credit="Ana Lee")
    article = factories.make_article(
        sections=[("section", "Harbour", f"Text.\n\n![boats](image:{image.pk})\n\nMore.")]
    )
    html = figure(client.get(article.get_absolute_url()).content.decode())
    widths = re.findall(r"renditions/[^ ]+ (\d+)w", html)
    assert widths == ["480", "800", "1200", "1600"]
    assert 'sizes="(min-width: 48rem) 44rem, 100vw"' in html
    assert 'width="1200" height="675"' in html  # 1600 × 900 scaled: no layout shift
    assert 'alt="A harbour at dawn"' in html  # the library's alt text, not the source's
    assert '<figcaption>Boats at dawn &lt;b&gt; <span class="credit">Ana Lee</span>' in html
    assert image.file.name not in html  # renditions only, never the original


def test_pictures_load_lazily_except_the_first_without_a_featured_image(client):
    """No featured image: the first picture (lede or first section) is eager, the rest lazy."""
    image = make_image()
    body = f"![a](image:{image.pk})\n\nText.\n\n![b](image:{image.pk})"
    article = factories.make_article(sections=[("section", "One", body), ("section", "Two", body)])
    html = client.get(article.get_absolute_url()).content.decode()
    tags = re.findall(r"<img [^>]*renditions[^>]*>", html)
    assert len(tags) == 4
    assert 'fetchpriority="high"' in tags[0] and "loading" not in tags[0]
    assert all('loading="lazy"' in tag for tag in tags[1:])


def test_with_a_featured_image_every_picture_in_the_text_is_lazy(client):
    image = make_image()
    article = factories.make_article(
        featured_image=factories.image_file(),
        featured_image_alt="Cover",
        sections=[("section", "One", f"![a](image:{image.pk})")],
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'loading="lazy"' in figure(html)


def test_an_unknown_picture_is_a_validation_error_naming_it(editor_client, editor):
    from tests.blog.test_admin import article_form_data

    data = article_form_data(editor, [("section", "Harbour", "![boats](image:999999)")])
    response = editor_client.post(reverse("admin:blog_article_add"), data)
    assert response.status_code == 200
    assert "There is no picture 999999 in the media library" in response.content.decode()


def test_pictures_cannot_be_placed_in_comments():
    from blog.markup import COMMENT, render_markdown

    image = make_image()
    assert "<img" not in render_markdown(f"![x](image:{image.pk})", profile=COMMENT)


def test_srcset_pointing_elsewhere_is_dropped_from_raw_html():
    """Hand-written <img srcset> must name only the site's media (no tracking pixels)."""
    article = factories.make_article(
        sections=[
            ("section", "A", '<img src="/media/a.webp" srcset="https://evil.example/p.gif 1x">')
        ]
    )
    html = article.sections.get().body_html
    assert "evil.example" not in html and 'src="/media/a.webp"' in html


def test_changing_a_caption_rerenders_the_texts_and_refreshes_the_cached_page(client, settings):
    """Stored HTML is re-rendered through the where-used index; the page cache forgets it."""
    image = make_image(caption="Old caption")
    article = factories.make_article(
        intro=f"![x](image:{image.pk})", sections=[("section", "A", f"![x](image:{image.pk})")]
    )
    url = article.get_absolute_url()
    assert client.get(url).content.decode().count("Old caption") == 2
    assert client.get(url)["X-Page-Cache"] == "hit"
    updated_at = article.updated_at
    image = Image.objects.get(pk=image.pk)
    image.caption = "New caption"
    image.alt = "Boats leaving the harbour"
    image.save()
    html = client.get(url).content.decode()
    assert html.count("New caption") == 2 and "Old caption" not in html
    assert html.count('alt="Boats leaving the harbour"') == 2
    article.refresh_from_db()
    assert article.updated_at == updated_at  # upkeep, not an edit: no conflict for the editor


def test_the_where_used_index_follows_edits():
    image, other = make_image(), make_image(alt="A quay")
    article = factories.make_article(sections=[("section", "A", f"![x](image:{image.pk})")])
    section = article.sections.get()
    assert list(image.usages.values_list("section_id", flat=True)) == [section.pk]
    section.body = f"![y](image:{other.pk})"
    section.save()
    assert not image.usages.exists() and other.usages.get().section_id == section.pk
    Section.objects.filter(pk=section.pk).delete()
    assert not other.usages.exists()


def test_a_new_file_reaches_the_texts_with_renditions_that_exist():
    """Replacing a used picture's file re-renders its texts with the new renditions (the
    old ones are deleted only after)."""
    image = make_image()
    article = factories.make_article(sections=[("section", "A", f"![x](image:{image.pk})")])
    old = set(image.renditions.values())
    image = Image.objects.get(pk=image.pk)
    image.file = factories.image_file("quay.png", size=(1000, 500))
    image.full_clean()
    image.save()
    html = article.sections.get().body_html
    names = set(re.findall(r"/media/(renditions/[^ \"]+\.webp)", html))
    assert names and names == set(image.renditions.values()) and not names & old
    assert all(default_storage.exists(name) for name in names)
    assert not any(default_storage.exists(name) for name in old)
    assert 'width="1000" height="500"' in html


def test_pages_with_pictures_are_valid_html(client, tmp_path):
    """vnu finds no error in figures, inline pictures, the eager first one and captions."""
    from tests.html_validator import html_errors

    image = make_image(caption="Boats at dawn", credit="Ana Lee")
    body = f"![a](image:{image.pk})\n\nText with ![b](image:{image.pk}) inline."
    article = factories.make_article(
        intro=f"![lede](image:{image.pk})", sections=[("section", "One", body)]
    )
    errors = html_errors(
        {"article": client.get(article.get_absolute_url()).content.decode()}, tmp_path
    )
    assert not errors, "\n".join(errors)


def test_pictures_cost_the_article_page_no_query(
    client, no_page_cache, django_assert_max_num_queries
):
    """Figures are stored HTML: one picture or twelve, the page makes the same queries (the
    library is read when the text is saved, never per picture on a page view)."""
    image = make_image()
    counts = []
    for pictures in (1, 12):
        body = "\n\n".join(f"![p](image:{image.pk})" for _ in range(pictures))
        article = factories.make_article(sections=[("section", "One", body)])
        client.get(article.get_absolute_url())  # settings cached once, as on a live site
        with django_assert_max_num_queries(30) as captured:
            html = client.get(article.get_absolute_url()).content.decode()
        assert html.count('class="article-figure"') == pictures
        counts.append(len(captured))
    assert counts[0] == counts[1]
