"""Affiliate changes refresh exactly the cached pages that show them."""

import pytest

from affiliates import services
from tests import factories
from tests.affiliates.factories import disclosure, make_link, place_box

pytestmark = pytest.mark.django_db


def state(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response["X-Page-Cache"]


def warm(client, *articles) -> None:
    for article in articles:
        client.get(article.get_absolute_url())
        assert state(client, article) == "hit"


@pytest.fixture
def kettle():
    return make_link(slug="kettle", name="Acme Kettle")


@pytest.fixture
def pages(kettle):
    """An article linking the kettle in its text, one with its box, one without either."""
    in_text = factories.make_article(sections=[("section", "Part", "Buy [it](aff:kettle).")])
    boxed = factories.make_article()
    place_box(boxed, kettle)
    plain = factories.make_article()
    return in_text, boxed, plain


def test_deactivating_a_link_refreshes_the_articles_using_it(client, kettle, pages):
    """Turning a link off (the admin's action) drops its box at once; other pages stay."""
    in_text, boxed, plain = pages
    warm(client, *pages)
    assert "product-box" in client.get(boxed.get_absolute_url()).content.decode()
    services.deactivate_links(links=[kettle])
    assert state(client, in_text) == "miss"
    assert "product-box" not in client.get(boxed.get_absolute_url()).content.decode()
    assert state(client, plain) == "hit"


def test_editing_a_link_refreshes_its_boxes(client, kettle, pages):
    """A new pitch shows in the box at once."""
    _, boxed, plain = pages
    warm(client, boxed, plain)
    kettle.pitch = "Boils in ninety seconds."
    kettle.save()
    assert "Boils in ninety seconds." in client.get(boxed.get_absolute_url()).content.decode()
    assert state(client, plain) == "hit"


def test_disclosure_text_refreshes_only_pages_showing_it(client, pages):
    """New disclosure text: pages with affiliate content change, the plain one stays cached."""
    in_text, boxed, plain = pages
    warm(client, *pages)
    disclosure(text="We may earn a commission. Updated wording.")
    for article in (in_text, boxed):
        assert "Updated wording." in client.get(article.get_absolute_url()).content.decode()
    assert state(client, plain) == "hit"


def test_always_show_refreshes_every_article(client, pages):
    """Switching "always show" on puts the disclosure on the plain article at once."""
    *_, plain = pages
    warm(client, plain)
    disclosure(always_show=True)
    assert "affiliate-disclosure" in client.get(plain.get_absolute_url()).content.decode()
