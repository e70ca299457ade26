import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from affiliates.models import AffiliateLink, ArticleProduct
from blog.models import Article
from tests.blog.import_drafts import FIXTURES

pytestmark = pytest.mark.django_db


def import_sample(*extra) -> str:
    get_user_model().objects.create_superuser("owner", "owner@example.com", "x")
    out = io.StringIO()
    call_command(
        "import_article", str(FIXTURES / "sample-layout.txt"), "--title", "Velmora Frees 31",
        *extra, stdout=out,
    )  # fmt: skip
    return out.getvalue()


def test_promo_named_like_a_link_becomes_its_product_box():
    """An imported promo line naming an active affiliate link gives the article its box."""
    link = AffiliateLink.objects.create(
        name="Northwind Teas", slug="northwind", destination_url="https://example.com/teas"
    )
    output = import_sample()
    boxes = ArticleProduct.objects.filter(article=Article.objects.get())
    assert [box.link_id for box in boxes] == [link.pk]
    assert "Product boxes: Northwind Teas (line 23)" in output


def test_inactive_link_is_not_offered_for_a_promo():
    """A deactivated link does not become a product box; the report says none matched."""
    AffiliateLink.objects.create(
        name="Northwind Teas",
        slug="northwind",
        destination_url="https://example.com/teas",
        is_active=False,
    )
    output = import_sample()
    assert not ArticleProduct.objects.exists()
    assert "no affiliate link named “Northwind Teas”" in output
