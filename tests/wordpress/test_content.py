"""Post content: lede and typed sections, classic and block markup, shortcodes, images."""

import pytest
from PIL import Image

from affiliates.models import AffiliateLink
from blog.models import Article
from tests.html_checks import dangers

from .support import SITE, post_item, run_import, write_wxr

pytestmark = pytest.mark.django_db


def _sections(article):
    return [(s.kind.slug, s.heading) for s in article.sections.select_related("kind")]


def test_classic_post_splits_into_lede_and_typed_sections():
    """Before the first h2 is the lede; each h2 a section whose kind is found by its heading."""
    run_import(SITE)
    article = Article.objects.get(slug="sanctions-relief")
    assert article.intro.startswith("The release of 52 prisoners was **not** a gesture.")
    assert _sections(article) == [
        ("deep-dive", "Sanctions Relief"),
        ("section", "What Comes Next"),
        ("conclusion", ""),
    ]
    deep_dive = article.sections.get(position=1)
    assert "<blockquote>" in deep_dive.body_html and "— A diplomat" in deep_dive.body_html
    assert "<li>Watch the border</li>" in article.sections.get(position=2).body_html


def test_block_markup_is_read_and_dynamic_blocks_reported():
    """Gutenberg comments vanish; a self-closing dynamic block is reported."""
    out = run_import(SITE)
    article = Article.objects.get(title="Clash of Slugs")
    assert article.intro == "A block-editor lede."
    assert _sections(article) == [("prophetic-context", ""), ("section", "Field Notes")]
    assert "wp:" not in article.intro_html + "".join(s.body_html for s in article.sections.all())
    assert "dynamic blocks with no content in the export, left out: wp:latest-posts" in out


def test_h3_is_the_top_level_when_a_post_has_no_h2():
    """Without h2, the h3 headings start the sections."""
    run_import(SITE)
    article = Article.objects.get(slug="under-review")
    assert _sections(article) == [("section", "Only Third Level"), ("conclusion", "")]


def test_shortcodes_never_reach_the_page_as_brackets(client):
    """[caption], [embed] and unknown shortcodes are converted or unwrapped, never shown raw."""
    run_import(SITE)
    article = Article.objects.get(slug="sanctions-relief")
    html = article.intro_html + "".join(s.body_html for s in article.sections.all())
    assert "[caption" not in html and "[embed" not in html and "[unknownthing" not in html
    assert "The kettle that started it" in html
    assert 'href="https://video.example/watch/123"' in html
    assert "Inner words" in html


def test_script_and_javascript_in_content_are_inert(client):
    """<script>, on* handlers and javascript: links in a post never reach the page live."""
    run_import(SITE)
    article = Article.objects.get(title="Clash of Slugs")
    for section in article.sections.all():
        assert dangers(section.body_html) == []
    page = client.get(article.get_absolute_url()).content.decode()
    for marker in ("post-xss", "post-js", "post-onclick"):
        assert marker not in page


def test_images_without_the_file_become_links_to_their_original_url():
    """Without --media-root an in-text image is a link to its original address, reported."""
    out = run_import(SITE)
    article = Article.objects.get(title="Clash of Slugs")
    body = article.sections.get(position=2).body_html
    assert "<img" not in body
    assert 'https://elsewhere.example/photo.jpg" rel="noopener">A far photo</a>' in body
    assert "kept as a link: https://elsewhere.example/photo.jpg" in out
    assert "featured image not found under the media root" in out


def test_media_root_supplies_in_text_and_featured_images(tmp_path):
    """With the uploads folder, images are copied and the featured image gets its alt text."""
    uploads = tmp_path / "uploads"
    (uploads / "2012/01").mkdir(parents=True)
    Image.new("RGB", (640, 400), "teal").save(uploads / "2012/01/kettle.png")
    run_import(SITE, "--media-root", str(uploads))
    article = Article.objects.get(slug="sanctions-relief")
    assert article.featured_image.name.endswith(".png")
    assert article.featured_image_alt == "A steel kettle on a stove"
    assert '<img src="/media/wordpress/2012/01/kettle' in article.intro_html
    assert 'alt="A kettle"' in article.intro_html


def test_media_root_refuses_files_outside_it_and_non_images(tmp_path):
    """A path escaping the media root, or a file that is not an image, is not copied."""
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (tmp_path / "secret.png").write_bytes(b"not an image")
    (uploads / "fake.png").write_text("<svg onload=alert(1)>")
    content = (
        '<p><img src="https://t.example/wp-content/uploads/../secret.png" alt="escape"></p>'
        '<p><img src="https://t.example/wp-content/uploads/fake.png" alt="fake"></p>'
    )
    path = write_wxr(tmp_path, post_item(1, content=content))
    run_import(path, "--media-root", str(uploads))
    html = Article.objects.get().intro_html
    assert "<img" not in html
    assert "/media/" not in html


def test_links_to_cloaked_affiliate_paths_become_aff_links():
    """A ThirstyAffiliates link becomes an AffiliateLink and posts link through /go/."""
    run_import(SITE)
    link = AffiliateLink.objects.get(slug="acme-kettle")
    assert link.destination_url == "https://merchant.example/kettle?tag=dispatch-21"
    article = Article.objects.get(slug="sanctions-relief")
    assert "(aff:acme-kettle)" in article.intro
    assert 'href="/go/acme-kettle/?from=sanctions-relief"' in article.intro_html


def test_classic_paragraphs_follow_wordpress_autop():
    """Blank lines make paragraphs and single newlines line breaks, as WordPress showed them."""
    path_content = "One line\nnext line\n\nSecond paragraph"
    from wordpress.content import Context, convert

    converted = convert(path_content, Context())
    assert converted.lede == "One line  \nnext line\n\nSecond paragraph"


def test_block_editor_footnotes_become_markdown_footnotes(tmp_path):
    """<sup data-fn> with the "footnotes" meta → numbered footnotes beside their text."""
    content = (
        '<!-- wp:paragraph --><p>A claim<sup data-fn="f-1" class="fn"><a href="#f-1" '
        'id="f-1-link">1</a></sup>.</p><!-- /wp:paragraph --><!-- wp:footnotes /-->'
    )
    meta = (
        "<wp:postmeta><wp:meta_key>footnotes</wp:meta_key><wp:meta_value><![CDATA["
        '[{"content":"Source: <em>the ministry</em>","id":"f-1"}]]]></wp:meta_value>'
        "</wp:postmeta>"
    )
    out = run_import(write_wxr(tmp_path, post_item(1, content=content, extra=meta)))
    article = Article.objects.get()
    assert article.intro == "A claim[^1].\n\n[^1]: Source: *the ministry*"
    assert 'class="footnote' in article.intro_html and "<em>the ministry</em>" in article.intro_html
    assert "wp:footnotes" not in out
