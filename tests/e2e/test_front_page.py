import pytest
from django.utils import timezone

from blog.models import Article
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_lead_story_is_the_first_and_largest_picture_on_the_home_page(live_server, browser):
    """On a phone and a desktop the chosen lead comes first, its image is eager (not lazy)
    and sized before it loads (no layout shift), and its headline is larger than the cards'."""
    lead = factories.make_article(
        title="The chosen lead", featured_image=factories.image_file(size=(1600, 900)),
        featured_image_alt="A harbour at dusk",
    )  # fmt: skip
    factories.make_article(title="A newer card")
    Article.objects.filter(pk=lead.pk).update(lead_since=timezone.now())
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 900}):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(live_server.url)
        story = page.locator(".lead-story")
        assert story.locator(".lead-title").inner_text() == "The chosen lead"
        image = story.locator("img")
        assert image.get_attribute("loading") is None
        assert image.get_attribute("width") and image.get_attribute("height")
        box = image.bounding_box()
        assert box["width"] > viewport["width"] * 0.5
        lead_size = story.locator(".lead-title").evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        card_size = page.locator(".article-card__title").first.evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        assert lead_size > card_size
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        context.close()
