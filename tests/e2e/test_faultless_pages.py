"""Public pages in the browser: touch targets of at least 24 × 24 px on a phone (WCAG 2.2,
2.5.8) and a print stylesheet that leaves out Reply and the other controls."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 667}

# Every visible control smaller than 24 × 24 px, except links inside a run of text (WCAG's
# "inline" exception: a link in a sentence is sized by the sentence).
SMALL_TARGETS_JS = """() => {
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  return [...document.querySelectorAll(controls)].filter((control) => {
    const box = control.getBoundingClientRect();
    if (!control.getClientRects().length || (box.width >= 23.5 && box.height >= 23.5)) {
      return false;
    }
    const block = control.parentElement.closest('p, li, dd, td, figcaption, header');
    const inText = getComputedStyle(control).display === 'inline' && block
      && block.textContent.trim().length > control.textContent.trim().length + 2;
    return !inText;
  }).map((control) => {
    const box = control.getBoundingClientRect();
    return `${control.outerHTML.slice(0, 80)} ${Math.round(box.width)}×${Math.round(box.height)}`;
  });
}"""

# Controls a printed page has no use for, if any is still shown.
PRINTED_CONTROLS_JS = """() => [...document.querySelectorAll(
    '.comment-reply, form, button, input, select, textarea, nav, .follow-box, .comment-respond'
  )].filter((element) => element.getClientRects().length > 0)
    .map((element) => element.outerHTML.slice(0, 80))"""


def public_pages(article):
    tag = article.tags.order_by("slug").first()
    return [
        reverse("blog:home"),
        article.get_absolute_url(),
        reverse("blog:tags"),
        reverse("blog:tag", args=[tag.slug]),
        reverse("blog:archive"),
        reverse("blog:archive-year", args=[article.published_at.year]),
        reverse("blog:author", args=[article.author.username]),
        reverse("search:search") + "?q=negotiators",
        "/no-such-page/",
    ]


def test_touch_targets_are_at_least_24_pixels_on_a_phone(live_server, browser, demo_article):
    """Reply links (41×19 before), checkboxes, archive and contents links: all ≥ 24 × 24."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    small = {}
    for path in public_pages(demo_article):
        page.goto(f"{live_server.url}{path}")
        if found := page.evaluate(SMALL_TARGETS_JS):
            small[path] = found
    reply = page.goto(f"{live_server.url}{demo_article.get_absolute_url()}")
    assert reply is not None
    box = page.locator("a.comment-reply").first.bounding_box()
    context.close()
    assert small == {}
    assert box["width"] >= 24 and box["height"] >= 24


def test_printed_article_leaves_out_reply_and_other_controls(live_server, page, demo_article):
    """Printing an article keeps its text and comments, not Reply, forms, buttons or nav."""
    page.goto(f"{live_server.url}{demo_article.get_absolute_url()}")
    assert page.locator("a.comment-reply").first.is_visible()
    page.emulate_media(media="print")
    assert page.evaluate(PRINTED_CONTROLS_JS) == []
    assert page.locator(".comment-body").first.is_visible()
    assert page.locator("h1").is_visible()
