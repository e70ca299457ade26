"""The Content-Security-Policy in a real browser: no page, public or admin, breaks under it.

Chromium reports every blocked script, style, image or frame as a console error; each page
below is loaded (and the admin's forms used) while listening for them. The JSON-LD block on
an article is data, not script: it must raise no violation either.
"""

from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests import factories
from tests.affiliates.factories import make_link, place_box

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@dataclass
class FakeRequest:
    user: object


def watch_console(page) -> list[str]:
    """Console errors except the browser's own /favicon.ico request (no page links one)."""
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error"
            and "favicon.ico" not in (message.location or {}).get("url", "")
            else None
        ),
    )
    return problems


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status < 400, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")


def test_public_pages_raise_no_csp_violation(live_server, page):
    """Home, an article with JSON-LD, comments and a product box, tag page, archive: no errors."""
    article = factories.make_article(tags=["日本語"], sections=factories.standard_sections())
    place_box(article, make_link(slug="kettle"))
    problems = watch_console(page)
    for url in (
        "/",
        article.get_absolute_url(),
        reverse("blog:tag", args=["日本語"]),
        reverse("blog:archive"),
    ):
        visit(page, f"{live_server.url}{url}")
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert problems == []
    assert page.js_errors == []


def test_admin_pages_raise_no_csp_violation(live_server, page):
    """Login, index, changelists, the article form with inlines, import, the link report."""
    superuser = get_user_model().objects.create_superuser(
        "chief", "chief@example.com", "a long pass phrase"
    )
    article = factories.make_article(sections=factories.standard_sections())
    link = make_link(slug="kettle")
    place_box(article, link)
    problems = watch_console(page)
    visit(page, f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "a long pass phrase")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for name, args in (
        ("admin:index", []),
        ("admin:blog_article_changelist", []),
        ("admin:blog_article_add", []),
        ("admin:blog_article_change", [article.pk]),
        ("admin:blog_article_import", []),
        ("admin:blog_sectionkind_changelist", []),
        ("admin:blog_tag_changelist", []),
        ("admin:comments_comment_changelist", []),
        ("admin:affiliates_affiliatelink_changelist", []),
        ("admin:affiliates_affiliatelink_change", [link.pk]),
        ("admin:auth_user_changelist", []),
    ):
        visit(page, f"{live_server.url}{reverse(name, args=args)}")
    # Every registered model's list and add form (apps added later are covered too).
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        visit(
            page,
            f"{live_server.url}{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}",
        )
        if model_admin.has_add_permission(FakeRequest(superuser)):
            visit(
                page, f"{live_server.url}{reverse(f'admin:{opts.app_label}_{opts.model_name}_add')}"
            )
    # The inline formset's "Add another" and the slug prepopulation run from static files.
    visit(page, f"{live_server.url}{reverse('admin:blog_article_add')}")
    page.locator("input[name=title]").press_sequentially("Harbour Talks")
    assert page.locator("input[name=slug]").input_value() == "harbour-talks"
    page.locator("#sections-group .add-row a").click()
    assert page.locator("#sections-group .inline-related:not(.empty-form)").count() == 1
    assert problems == []
    assert page.js_errors == []
