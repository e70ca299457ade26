"""Product boxes: attached to an article in the admin, shown in order where the author says."""

import re

import pytest
from django.urls import reverse

from affiliates.models import ArticleProduct
from blog.models import Article
from tests import factories
from tests.affiliates.factories import make_link, place_box
from tests.blog.test_admin import article_form_data
from tests.html_checks import dangers

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:blog_article_add")


def boxes(html):
    return re.findall(r'<aside class="product-box".*?</aside>', html, re.S)


def box_names(html):
    return re.findall(r'class="product-box__name">([^<]*)<', html)


def test_boxes_show_in_order_after_their_section_or_at_the_end(client):
    """Boxes follow their section (by number) or close the article, ordered by position."""
    article = factories.make_article(sections=factories.standard_sections())
    first, second, third, fourth = (
        make_link(name=n) for n in ("First", "Second", "Third", "Fourth")
    )
    place_box(article, third, position=2)
    place_box(article, first, after_section=1)
    place_box(article, fourth, after_section=99, position=3)  # past the last section: at the end
    place_box(article, second, position=1)
    html = client.get(article.get_absolute_url()).content.decode()
    assert box_names(html) == ["First", "Second", "Third", "Fourth"]
    assert html.index("First") < html.index('id="deep-dive-sanctions-and-spare-parts"')
    assert html.index("Second") > html.index('id="conclusion"')


def test_a_box_shows_image_name_pitch_and_a_sponsored_button(client):
    """Image (a WebP rendition, with size and alt), name, merchant, pitch, /go/ button show."""
    link = make_link(
        slug="kettle", name="Acme Kettle", merchant="Shop", pitch="Boils fast.",
        button_label="Check the price", image=factories.image_file("k.png", size=(240, 240)),
        image_alt="A red kettle",
    )  # fmt: skip
    article = factories.make_article(slug="kettles")
    place_box(article, link)
    box = boxes(client.get(article.get_absolute_url()).content.decode())[0]
    assert re.search(r'<img class="product-box__image" src="/media/renditions/k[^"]*-240.webp" '
                     r'srcset="/media/renditions/k[^"]*-240.webp 240w" sizes="[^"]+" '
                     r'alt="A red kettle" width="240" height="240"', box)  # fmt: skip
    assert "/media/affiliates/" not in box
    assert "Acme Kettle" in box and "Shop" in box and "Boils fast." in box
    assert ('<a class="product-box__button affiliate-link" href="/go/kettle/?from=kettles" '
            'rel="sponsored nofollow noopener">Check the price</a>') in box  # fmt: skip


def test_box_text_is_escaped(client):
    """A hostile product name or pitch is shown as text."""
    link = make_link(name="<script>alert(1)</script>", pitch='"><img src=x onerror=alert(1)>')
    article = factories.make_article()
    place_box(article, link)
    html = client.get(article.get_absolute_url()).content.decode()
    assert dangers(boxes(html)[0]) == []


def test_owner_attaches_boxes_in_the_article_form(admin_client_logged, admin_user):
    """The article form has a product-box inline; posting it creates the ordered boxes."""
    kettle, toaster = make_link(name="Kettle"), make_link(name="Toaster")
    assert 'id="affiliate_products-group"' in admin_client_logged.get(ADD_URL).content.decode()
    data = article_form_data(admin_user, [("section", "Buying", "Text.")], **{
        "affiliate_products-TOTAL_FORMS": "2", "affiliate_products-INITIAL_FORMS": "0",
        "affiliate_products-0-link": toaster.pk, "affiliate_products-0-position": "2",
        "affiliate_products-0-after_section": "",
        "affiliate_products-1-link": kettle.pk, "affiliate_products-1-position": "1",
        "affiliate_products-1-after_section": "1",
    })  # fmt: skip
    response = admin_client_logged.post(ADD_URL, data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert list(
        ArticleProduct.objects.filter(article=article).values_list("link__name", "after_section")
    ) == [("Kettle", 1), ("Toaster", None)]


def test_a_link_can_be_boxed_once_per_article(admin_client_logged, admin_user):
    """The same link twice in one article's boxes is a form error, not a crash."""
    kettle = make_link()
    data = article_form_data(admin_user, [], **{
        "affiliate_products-TOTAL_FORMS": "2", "affiliate_products-INITIAL_FORMS": "0",
        "affiliate_products-0-link": kettle.pk, "affiliate_products-0-position": "1",
        "affiliate_products-1-link": kettle.pk, "affiliate_products-1-position": "2",
    })  # fmt: skip
    response = admin_client_logged.post(ADD_URL, data)
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_article_form_without_the_box_inline_still_saves(admin_client_logged, admin_user):
    """A post made for blog's own form (no product-box fields) saves and keeps boxes as they are."""
    article = factories.make_article(author=admin_user, slug="harbour-talks-reopen")
    place_box(article, make_link(name="Kettle"))
    data = article_form_data(admin_user, [], title="Changed title", slug=article.slug)
    url = reverse("admin:blog_article_change", args=[article.pk])
    assert admin_client_logged.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Changed title"
    assert article.affiliate_products.count() == 1


def test_editors_without_affiliate_permissions_do_not_see_the_inline(editor_client):
    """The inline follows permissions: an editor who may not manage boxes doesn't get it."""
    assert "affiliate_products-group" not in editor_client.get(ADD_URL).content.decode()
