import io

import pytest
from django.core.management import call_command

from affiliates.models import AffiliateLink, ArticleProduct
from blog.demo_content import DEMO_ARTICLES
from blog.models import Article

pytestmark = pytest.mark.django_db


def test_load_demo_shows_a_product_box_and_the_disclosure(client):
    """The demo has one affiliate link, boxed in the newest article, with the disclosure."""
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    link = AffiliateLink.objects.get()
    assert link.destination_url.startswith("https://example.org/")
    article = Article.objects.get(slug=DEMO_ARTICLES[0]["slug"])
    assert ArticleProduct.objects.filter(article=article, link=link).count() == 1
    html = client.get(article.get_absolute_url()).content.decode()
    assert "affiliate-disclosure" in html and 'class="product-box"' in html
    other = Article.objects.get(slug=DEMO_ARTICLES[1]["slug"])
    assert "affiliate-disclosure" not in client.get(other.get_absolute_url()).content.decode()
