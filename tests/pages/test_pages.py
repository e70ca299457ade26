"""Pages at their own path, redirects managed in the admin, and what they cost."""

import pytest
from django.core.exceptions import ValidationError

from pages.models import Page, Redirect
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_published_page_is_served_and_a_draft_is_not(client):
    """Only published pages answer at their path."""
    Page.objects.create(title="Contact", path="/contact/", body="Write to *us*.",
                        is_published=True)  # fmt: skip
    Page.objects.create(title="Soon", path="/soon/", body="x")
    response = client.get("/contact/")
    assert response.status_code == 200
    assert "<em>us</em>" in response.content.decode()
    assert client.get("/soon/").status_code == 404


def test_page_body_is_sanitised_on_save():
    """Raw HTML in a page's Markdown goes through the one sanitiser."""
    page = Page.objects.create(
        title="X", path="/x/", body='<script>alert(1)</script><a href="javascript:alert(2)">y</a>'
    )
    assert "<script" not in page.body_html and "javascript:" not in page.body_html


def test_a_path_without_its_slash_redirects_to_the_page(client):
    """/contact → /contact/ (the page's own path)."""
    Page.objects.create(title="Contact", path="/contact/", is_published=True)
    response = client.get("/contact")
    assert response.status_code == 301 and response["Location"] == "/contact/"


@pytest.mark.parametrize(
    "path", ["//evil.example/", "https://evil.example/", "/a b/", "x/", "/\\evil"]
)
def test_redirect_targets_and_page_paths_stay_on_the_site(path):
    """Paths must be local: no scheme, no host, no spaces — no open redirects."""
    with pytest.raises(ValidationError):
        Redirect(old_path="/old/", new_path=path).full_clean()
    with pytest.raises(ValidationError):
        Page(title="x", path=path).full_clean()


def test_a_redirect_needs_a_target():
    """A redirect names an article or a path."""
    with pytest.raises(ValidationError):
        Redirect(old_path="/old/").full_clean()


def test_redirect_admin_adds_a_working_redirect(admin_client):
    """Owners manage redirects in the admin."""
    article = make_article(slug="target")
    response = admin_client.post(
        "/admin/pages/redirect/add/",
        {"old_path": "/old-home/", "article": article.pk, "new_path": ""},
    )
    assert response.status_code == 302
    assert admin_client.get("/old-home/").status_code == 301


def test_page_admin_creates_a_page(admin_client):
    """Owners write pages in the admin."""
    response = admin_client.post(
        "/admin/pages/page/add/",
        {"title": "About", "path": "/about/", "body": "Hello", "is_published": "on"},
    )
    assert response.status_code == 302
    assert admin_client.get("/about/").status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_fallbacks_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    """A page, a redirect or a miss costs the same few queries however many rows exist."""
    for number in range(count):
        Page.objects.create(title=f"P{number}", path=f"/p{number}/", is_published=True)
        Redirect.objects.create(old_path=f"/r{number}/", new_path=f"/p{number}/")
    with django_assert_max_num_queries(2):
        assert client.get("/p0/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/r0/").status_code == 301
    with django_assert_max_num_queries(2):
        assert client.get("/nothing-here/").status_code == 404
