"""[text](aff:slug) in articles: resolved on save, validated in the admin, tracked per article."""

import re

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from affiliates.models import LinkUsage
from blog import markup
from blog.models import Article, Section
from tests import factories
from tests.affiliates.factories import make_link
from tests.blog.test_admin import article_form_data
from tests.html_checks import dangers, elements

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:blog_article_add")


def anchors(html):
    return [
        attrs for tag, attrs in elements(html) if tag == "a" and "/go/" in attrs.get("href", "")
    ]


def test_section_link_becomes_a_sponsored_link_to_go_with_its_article(client):
    """The page shows href=/go/<slug>/?from=<article> with rel="sponsored nofollow noopener"."""
    make_link(slug="acme-kettle")
    article = factories.make_article(
        slug="harbour-talks",
        sections=[("section", "Buying", "Get [the kettle](aff:acme-kettle) today.")],
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert anchors(html) == [
        {"href": "/go/acme-kettle/?from=harbour-talks", "rel": "sponsored nofollow noopener",
         "class": "affiliate-link"},
    ]  # fmt: skip
    assert ">the kettle</a>" in html


def test_lede_links_resolve_too(client):
    """The lede is Markdown like any section: aff: links work there."""
    make_link(slug="acme-kettle")
    article = factories.make_article(slug="lede-piece", intro="A [kettle](aff:acme-kettle).")
    assert 'href="/go/acme-kettle/?from=lede-piece"' in article.intro_html


def test_inactive_links_still_resolve():
    """Deactivating a link does not make its articles invalid: /go/ explains instead."""
    make_link(slug="old-offer", is_active=False)
    article = factories.make_article(sections=[("section", "Old", "[It](aff:old-offer)")])
    assert "/go/old-offer/" in article.sections.get().body_html


def test_unknown_slug_is_a_clear_error_in_the_admin_article_form(admin_client_logged, admin_user):
    """Saving a section with an unknown aff: slug re-shows the form naming the slug."""
    sections = [("section", "Buying", "Get [the kettle](aff:no-such-kettle) today.")]
    response = admin_client_logged.post(ADD_URL, article_form_data(admin_user, sections))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no affiliate link with the slug “no-such-kettle”" in html
    assert not Article.objects.exists()


def test_unknown_slug_in_the_lede_is_an_error_too(editor_client, editor):
    """The lede is checked the same way, for editors as for the owner."""
    data = article_form_data(editor, [], intro="See [this](aff:ghost).")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "There is no affiliate link with the slug “ghost”" in response.content.decode()


def test_known_slug_saves_through_the_admin(admin_client_logged, admin_user):
    """A valid aff: link saves, and the article is recorded as using the link."""
    link = make_link(slug="acme-kettle")
    sections = [("section", "Buying", "Get [the kettle](aff:acme-kettle) today.")]
    response = admin_client_logged.post(ADD_URL, article_form_data(admin_user, sections))
    assert response.status_code == 302
    article = Article.objects.get()
    assert "/go/acme-kettle/?from=harbour-talks-reopen" in article.sections.get().body_html
    assert list(LinkUsage.objects.values_list("link_id", "article_id")) == [(link.pk, article.pk)]


@pytest.mark.parametrize(
    "markdown, message",
    [
        ("![Kettle](aff:acme-kettle)", "cannot be an image"),
        ("[Kettle](aff:acme$kettle)", "is not an affiliate link"),
        ("[Kettle](aff:acme-kettle#gallery)", "is not an affiliate link"),
    ],
)
def test_malformed_aff_links_are_explained(markdown, message):
    """Images, bad slugs and unknown forms get a message saying what to write instead."""
    make_link(slug="acme-kettle")
    article = factories.make_article()
    section = Section(
        article=article, kind=factories.kinds()["section"], heading="x", body=markdown
    )
    with pytest.raises(Exception) as error:
        section.full_clean()
    assert message in str(error.value)


def test_hostile_markup_around_aff_links_stays_safe():
    """Attribute injection through an aff: link's text or title is sanitised away."""
    make_link(slug="acme-kettle")
    body = (
        '[<img src=x onerror=alert(1)>](aff:acme-kettle "x\\" onclick=\\"alert(1)")\n\n'
        '<a href="aff:acme-kettle" onclick="alert(1)">raw</a>'
    )
    article = factories.make_article(sections=[("section", "x", body)])
    html = article.sections.get().body_html
    assert dangers(html) == []
    assert 'href="aff:' not in html  # raw HTML is not resolved: its link is dropped


def test_usage_follows_edits_and_deletions():
    """Usage rows appear when a section links, and go when the link or the section goes."""
    first, second = make_link(slug="first"), make_link(slug="second")
    article = factories.make_article(
        sections=[("section", "A", "[1](aff:first) and [2](aff:second)"), ("section", "B", "None")]
    )
    used = lambda: sorted(  # noqa: E731
        LinkUsage.objects.filter(article=article).values_list("link__slug", flat=True)
    )
    assert used() == ["first", "second"]
    section = article.sections.get(heading="A")
    section.body = "Only [2](aff:second)"
    section.save()
    assert used() == ["second"]
    section.delete()
    assert used() == []
    assert first.usages.count() == second.usages.count() == 0


def test_a_link_in_use_cannot_be_deleted():
    """Deleting a link that an article's text uses is refused (PROTECT), not left dangling."""
    link = make_link(slug="acme-kettle")
    factories.make_article(sections=[("section", "A", "[K](aff:acme-kettle)")])
    with pytest.raises(ProtectedError):
        link.delete()


def test_changing_an_articles_slug_updates_the_from_of_its_links():
    """Links rendered with the old slug are re-rendered, so clicks stay attributed."""
    make_link(slug="acme-kettle")
    article = factories.make_article(
        slug="old-slug", sections=[("section", "A", "[K](aff:acme-kettle)")]
    )
    article.slug = "new-slug"
    article.save()
    html = article.sections.get().body_html
    assert "?from=new-slug" in html and "old-slug" not in html


def test_box_form_renders_a_product_box_on_the_page_and_a_link_in_feeds(client):
    """[Name](aff:slug#box) alone in a paragraph becomes a product box in place."""
    make_link(slug="acme-kettle", name="Acme Kettle", pitch="Boils fast.", merchant="Shop")
    article = factories.make_article(
        slug="kettles",
        sections=[("section", "Pick", "Before.\n\n[Acme Kettle](aff:acme-kettle#box)\n\nAfter.")],
    )
    html = client.get(article.get_absolute_url()).content.decode()
    section = re.search(r'<section id="pick".*?</section>', html, re.S)[0]
    box = re.search(r'<aside class="product-box".*?</aside>', section, re.S)[0]
    assert section.index("Before.") < section.index('class="product-box"') < section.index("After.")
    assert "Acme Kettle" in box and "Boils fast." in box and "View at Shop" in box
    assert 'href="/go/acme-kettle/?from=kettles" rel="sponsored nofollow noopener"' in box
    assert "affiliate-embed" not in section  # the placeholder paragraph is gone
    feed = client.get("/feed/rss/").content.decode()
    assert "/go/acme-kettle/?from=kettles" in feed and "product-box" not in feed


def test_texts_outside_articles_cannot_use_aff_links():
    """Comments (and any text rendered without an article) keep aff: links as plain text."""
    make_link(slug="acme-kettle")
    html = markup.render_markdown("Buy [the kettle](aff:acme-kettle)!", profile=markup.COMMENT)
    assert "/go/" not in html and "the kettle" in html
