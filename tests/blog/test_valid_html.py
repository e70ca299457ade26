"""The public pages are valid HTML: zero errors from the W3C Nu HTML Checker (vnu)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from affiliates.models import ArticleProduct
from tests import factories
from tests.html_validator import html_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_article():
    """The demo site (sections, images, comments, a product box); its boxed article."""
    factories.kinds()
    call_command("load_demo", stdout=io.StringIO())
    return ArticleProduct.objects.select_related("article").first().article


def test_public_pages_have_no_validator_errors(client, demo_article, tmp_path):
    """Home, article, tag, archives, author, search and 404 pass vnu with no error."""
    tag = demo_article.tags.order_by("slug").first()
    published = demo_article.published_at
    urls = {
        "home": reverse("blog:home"),
        "article": demo_article.get_absolute_url(),
        "tag": reverse("blog:tag", args=[tag.slug]),
        "archive": reverse("blog:archive"),
        "archive-month": reverse("blog:archive-month", args=[published.year, published.month]),
        "author": reverse("blog:author", args=[demo_article.author.username]),
        "search": reverse("search:search") + "?q=corridor",
        "search-empty": reverse("search:search") + "?q=zzzzqqq",
        "not-found": "/no-such-page/",
    }
    documents = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), url
        documents[name] = response.content.decode()
    errors = html_errors(documents, tmp_path)
    assert not errors, "\n".join(errors)
