"""Faultless public pages: valid HTML (the W3C Nu checker), pictures that keep their place
and load lazily only below the fold."""

import pytest
from django.urls import reverse

from blog.models import Article
from tests.html_checks import elements
from tests.html_validator import html_errors
from tests.media_library.factories import make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def illustrated_article(demo_article):
    """The demo article with a picture from the media library in its second section."""
    picture = make_image(alt="Grain wagons at the border crossing", caption="Waiting at Hesper.")
    section = demo_article.sections.order_by("position")[1]
    section.body += f"\n\n![Grain wagons](image:{picture.pk})\n\nThe queue grew by the hour."
    section.save()
    return demo_article


def pages(article) -> dict[str, str]:
    tag = article.tags.order_by("slug").first()
    published = article.published_at
    return {
        "home": reverse("blog:home"),
        "article": article.get_absolute_url(),
        "tag": reverse("blog:tag", args=[tag.slug]),
        "tags": reverse("blog:tags"),
        "archive": reverse("blog:archive"),
        "archive-year": reverse("blog:archive-year", args=[published.year]),
        "archive-month": reverse("blog:archive-month", args=[published.year, published.month]),
        "author": reverse("blog:author", args=[article.author.username]),
        "search": reverse("search:search") + "?q=negotiators",
        "search-empty": reverse("search:search") + "?q=zzzzqqq",
        "not-found": "/no-such-page/",
    }


def images(html: str) -> list[dict]:
    return [attrs for tag, attrs in elements(html) if tag == "img"]


def test_public_pages_have_no_validator_errors(client, illustrated_article, tmp_path):
    """Home, article (sections, picture, comments, product box), tag index and tag, archives
    (all, year, month), author, search and 404 pass the W3C Nu HTML Checker with no error."""
    documents = {}
    for name, url in pages(illustrated_article).items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), url
        documents[name] = response.content.decode()
    errors = html_errors(documents, tmp_path)
    assert not errors, "\n".join(errors)


def test_every_picture_has_its_size(client, illustrated_article):
    """Featured, in-text and card images carry width and height (no layout shift)."""
    for name, url in pages(illustrated_article).items():
        for attrs in images(client.get(url).content.decode()):
            assert attrs.get("width") and attrs.get("height"), (name, attrs["src"])


def test_only_pictures_below_the_fold_load_lazily(client, illustrated_article):
    """A list's first picture and the article's featured image load at once; the rest lazily."""
    cards = images(client.get(reverse("blog:home")).content.decode())
    assert Article.objects.published().count() == len(cards) > 1
    assert "loading" not in cards[0] and cards[0]["fetchpriority"] == "high"
    assert all(card["loading"] == "lazy" for card in cards[1:])

    featured, *later = images(client.get(illustrated_article.get_absolute_url()).content.decode())
    assert "loading" not in featured and featured["fetchpriority"] == "high"
    assert [picture["alt"] for picture in later] == [
        "Grain wagons at the border crossing",  # in the text
        "A steel kettle",  # the product box
    ]
    assert all(picture["loading"] == "lazy" for picture in later)
