"""Threat: script injected into a page (or the page framed by another site) runs as the site.

Sanitising at save time is the first wall; the Content-Security-Policy is the second: no
inline script may run on any page (every script is a file under 'self'), nothing may frame
the site, and images come only from the site, its media host and ``data:`` (no tracking
pixels). A Permissions-Policy turns off browser features the site never uses. The browser's
side of it is in ``tests/e2e/test_content_security_policy.py``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests import factories
from tests.affiliates.factories import make_link, place_box
from tests.blog.test_settings import manage, production_env
from tests.security.test_url_fuzz import fuzzed_paths, public_routes

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


class _InlineCode(HTMLParser):
    """Inline script, event-handler attributes and style attributes: what the CSP blocks."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self._in_script = attrs.get("type") != "application/ld+json"
        for name in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=…>")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}</script>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def site():
    article = factories.make_article(
        slug="word",
        author=factories.make_user(username="word"),
        tags=["word"],
        sections=factories.standard_sections(),
    )
    place_box(article, make_link(slug="word"))
    Comment.objects.create(
        article=article, name="Ana", email="ana@example.org", body="First!", status="approved"
    )
    return article


def public_html_responses():
    client = Client()
    for route in public_routes():
        for path in fuzzed_paths(route, ["word", "1"], ["word"]):
            response = client.get(path)
            if response.headers.get("Content-Type", "").startswith("text/html"):
                yield path, response


def test_every_public_html_response_has_a_csp_without_inline_script(site):
    """Every public route's HTML (pages, 404s, 405s) carries a CSP whose script-src is 'self'."""
    seen = 0
    for path, response in public_html_responses():
        seen += 1
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], path
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"], path
        assert policy["frame-ancestors"] == ["'none'"], path
        assert policy["object-src"] == ["'none'"], path
        assert policy["base-uri"] == ["'none'"], path
    assert seen > 10


def test_images_may_come_only_from_the_site_and_data_urls(client, site):
    """img-src is 'self' and data: (plus the media host when MEDIA_URL names one)."""
    policy = directives(client.get(site.get_absolute_url()))
    assert sorted(policy["img-src"]) == sorted(["'self'", "data:"])
    assert policy["default-src"] == ["'self'"]


def test_a_media_host_in_media_url_is_allowed_for_images(tmp_path):
    """MEDIA_URL=https://media.example.com/ adds exactly that origin to img-src."""
    env = production_env(tmp_path / "var", MEDIA_URL="https://media.example.com/uploads/")
    code = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY)"
    result = manage(env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert "'img-src': [\"'self'\", 'data:', 'https://media.example.com']" in result.stdout


def test_public_pages_contain_no_inline_script_or_style(site):
    """What the CSP would block is not in the pages to begin with (JSON-LD is data)."""
    for path, response in public_html_responses():
        assert inline_code(response.content.decode()) == [], path


def test_the_article_carries_its_json_ld_as_a_data_block(client, site):
    """Structured data stays: a <script type="application/ld+json"> the CSP does not run."""
    html = client.get(site.get_absolute_url()).content.decode()
    assert len(re.findall(r'<script type="application/ld\+json">', html)) == 1


def test_admin_pages_have_the_same_policy(client, site):
    """Login, index, article form and changelists: the same strict policy, no inline script."""
    assert "'unsafe-inline'" not in client.get("/admin/login/").headers["Content-Security-Policy"]
    author = factories.make_user(username="kato", is_staff=True)
    author.groups.add(Group.objects.get(name="Authors"))
    own = factories.make_article(author=author, sections=factories.standard_sections())
    client.force_login(author)
    for url in (
        reverse("admin:index"),
        reverse("admin:blog_article_changelist"),
        reverse("admin:blog_article_add"),
        reverse("admin:blog_article_change", args=[own.pk]),
        reverse("admin:blog_article_import"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert directives(response)["script-src"] == ["'self'"], url
        assert inline_code(response.content.decode()) == [], url


def test_every_response_has_a_permissions_policy(client, site):
    """Camera, microphone, geolocation, payment… are off for every page and anything in it."""
    for url in ("/", site.get_absolute_url(), "/admin/login/", "/no-such-page/"):
        header = client.get(url).headers["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in header, (url, feature)


def test_a_changed_policy_is_sent_at_once(client, site, settings):
    """The header is built once per process, and again when the setting changes (on a page
    the page cache does not keep: a stored page keeps the headers it was stored with)."""
    assert (
        "https://media.example"
        not in client.get("/admin/login/").headers["Content-Security-Policy"]
    )
    policy = settings.CONTENT_SECURITY_POLICY
    directives_ = policy["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {
            **directives_,
            "img-src": [*directives_["img-src"], "https://media.example"],
        },
    }
    assert "https://media.example" in directives(client.get("/admin/login/"))["img-src"]
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    response = client.get("/admin/login/")
    assert response.headers["Content-Security-Policy-Report-Only"] == "default-src 'self'"


def test_a_view_may_still_change_the_policy_for_its_response(rf):
    """django-csp's per-view decorators keep working: such a response is built by django-csp."""
    from csp.decorators import csp_exempt, csp_update
    from django.http import HttpResponse

    from config.middleware import CSPMiddleware

    @csp_update({"img-src": ["https://maps.example"]})
    def with_a_map(request):
        return HttpResponse("map")

    @csp_exempt()
    def exempt(request):
        return HttpResponse("no policy")

    def plain(request):
        return HttpResponse("plain")

    def header(view):
        middleware = CSPMiddleware(view)
        return middleware(rf.get("/anywhere/")).headers.get("Content-Security-Policy")

    assert "https://maps.example" in header(with_a_map)
    assert "https://maps.example" not in header(plain)
    assert header(exempt) is None
