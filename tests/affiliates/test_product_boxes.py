"""Product boxes: attached to an article in the admin, shown in order where the author says."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
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


# --- boxes worth clicking: label, merchant, price, and the page's outline -----------------


class Outline(HTMLParser):
    """The page's headings in document order, as (level, text): what screen readers list."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self._level = None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self._level = int(tag[1])
            self.headings.append((self._level, ""))

    def handle_data(self, data):
        if self._level is not None:
            level, text = self.headings[-1]
            self.headings[-1] = (level, text + data)

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag):
            self._level = None


def outline(html: str) -> list[tuple[int, str]]:
    parser = Outline()
    parser.feed(html)
    return [(level, " ".join(text.split())) for level, text in parser.headings]


def test_box_carries_a_visible_affiliate_label_inside_it(client):
    """Every box says "Affiliate link" inside itself, in text readers can see."""
    article = factories.make_article()
    place_box(article, make_link(name="Acme Kettle"))
    box = boxes(client.get(article.get_absolute_url()).content.decode())[0]
    assert box.startswith('<aside class="product-box" aria-label="Affiliate link: Acme Kettle">')
    assert '<p class="product-box__label">Affiliate link</p>' in box


@pytest.mark.parametrize("where", ["after-conclusion", "at-the-end", "inline-in-conclusion"])
def test_a_box_adds_no_heading_to_the_outline(client, where):
    """Wherever a box sits — after the Conclusion, at the end, inside a section's text — the
    page's outline is the article's own: the box's name is not a heading."""
    link = make_link(slug="kettle", name="Acme Kettle")
    sections = factories.standard_sections()
    plain = factories.make_article(sections=sections)
    if where == "inline-in-conclusion":
        sections = [*sections[:-1], ("conclusion", "", "Words.\n\n[Acme Kettle](aff:kettle#box)")]
    boxed = factories.make_article(sections=sections)
    if where != "inline-in-conclusion":
        place_box(boxed, link, after_section=3 if where == "after-conclusion" else None)
    html = client.get(boxed.get_absolute_url()).content.decode()
    assert len(boxes(html)) == 1
    assert not re.search(r"<h[1-6]", boxes(html)[0])
    expected = outline(client.get(plain.get_absolute_url()).content.decode())
    assert outline(html) == [(1, boxed.title), *expected[1:]]
    assert (2, "Conclusion") in outline(html) and "Acme Kettle" not in str(outline(html))


@pytest.mark.parametrize(
    "merchant, shown", [("Acme Kettle", False), ("  acme   KETTLE ", False), ("Shop", True)]
)
def test_merchant_shows_only_when_it_is_not_the_name(client, merchant, shown):
    """ "Essante Organics" from "Essante Organics" says the name twice: the merchant goes."""
    article = factories.make_article()
    place_box(article, make_link(name="Acme Kettle", merchant=merchant))
    box = boxes(client.get(article.get_absolute_url()).content.decode())[0]
    assert ('class="product-box__merchant"' in box) is shown


def test_price_shows_with_its_date_and_hides_when_empty(client):
    """ "£49 (as of 3 May 2026)" with a machine-readable date; no price, no line."""
    priced = make_link(price_text="£49", price_checked_on=date(2026, 5, 3))
    unpriced = make_link()
    article = factories.make_article()
    place_box(article, priced, position=1)
    place_box(article, unpriced, position=2)
    first, second = boxes(client.get(article.get_absolute_url()).content.decode())
    text = " ".join(re.sub(r"<[^>]+>", "", first).split())
    assert "£49 (as of 3 May 2026)" in text
    assert '<time datetime="2026-05-03">3 May 2026</time>' in first
    assert "product-box__price" not in second and "as of" not in second


@pytest.mark.parametrize(
    "fields, error_on",
    [
        ({"price_text": "£49"}, "price_checked_on"),
        ({"price_checked_on": date(2026, 5, 3)}, "price_text"),
        ({"price_text": "£49", "price_checked_on": date(2999, 1, 1)}, "price_checked_on"),
        ({"price_text": "£" + "9" * 40, "price_checked_on": date(2026, 5, 3)}, "price_text"),
    ],
)
def test_a_price_needs_its_date_and_a_date_its_price(fields, error_on):
    """Both or neither, the day not in the future, the text short."""
    with pytest.raises(ValidationError) as refused:
        make_link(**fields)
    assert error_on in refused.value.message_dict


def test_owner_sets_the_price_in_the_link_form_and_the_page_follows(admin_client_logged):
    """The admin's form takes the price and its date; the cached page shows it at once."""
    from tests.affiliates.test_admin import change_url, link_form

    client = Client()  # a reader
    link = make_link(slug="acme-kettle", name="Acme Kettle", merchant="Shop")
    article = factories.make_article()
    place_box(article, link)
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    form = admin_client_logged.get(change_url(link)).content.decode()
    assert 'name="price_text"' in form and 'name="price_checked_on"' in form
    refused = admin_client_logged.post(change_url(link), link_form(price_text="£49"))
    assert refused.status_code == 200 and "Give the day you saw this price" in (
        refused.content.decode()
    )
    saved = admin_client_logged.post(
        change_url(link), link_form(price_text="£49", price_checked_on="2026-05-03")
    )
    assert saved.status_code == 302
    html = client.get(article.get_absolute_url()).content.decode()
    assert "£49" in html and "3 May 2026" in html
