"""Management commands: ``load_demo`` fills a fresh site, ``ensure_admin`` makes its owner."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command

from blog.models import Article, Section, SectionKind

BUILTIN_KINDS = {
    "section",
    "deep-dive",
    "prophetic-context",
    "strategic-implications",
    "conclusion",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    """The demo articles, loaded once through the command (output kept quiet)."""
    call_command("load_demo", stdout=io.StringIO())
    return list(Article.objects.prefetch_related("tags", "sections__kind").order_by("pk"))


class SectionOutline(HTMLParser):
    """Each top-level <section data-kind> of a page: its kind and the text of its <h2>s."""

    def __init__(self):
        super().__init__()
        self.sections: list[dict] = []
        self._depth = 0  # nesting of <section> inside the current data-kind one
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "section":
            if self._depth:
                self._depth += 1
            elif "data-kind" in attributes:
                self.sections.append({"kind": attributes["data-kind"], "h2": []})
                self._depth = 1
        elif tag == "h2" and self._depth:
            self._in_h2 = True
            self.sections[-1]["h2"].append("")

    def handle_endtag(self, tag):
        if tag == "section" and self._depth:
            self._depth -= 1
        elif tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2:
            self.sections[-1]["h2"][-1] += data


def outline(html: str) -> list[dict]:
    parser = SectionOutline()
    parser.feed(html)
    return parser.sections


# --- load_demo ------------------------------------------------------------------------------


def test_load_demo_creates_published_articles(demo):
    """At least six demo articles exist and every one is public."""
    assert len(demo) >= 6
    assert all(article.is_public for article in demo)
    assert Article.objects.published().count() == len(demo)


def test_demo_articles_have_images_with_renditions_and_alt_text(demo):
    """Each demo article has a featured image, stored renditions and alt text."""
    for article in demo:
        assert article.featured_image, article.slug
        assert default_storage.exists(article.featured_image.name), article.slug
        assert article.featured_image_alt.strip(), article.slug
        assert article.image_renditions, article.slug
        for path in article.image_renditions.values():
            assert default_storage.exists(path), (article.slug, path)


def test_demo_articles_have_tags_and_free_and_typed_sections(demo):
    """Each demo article is tagged and mixes free sections with typed ones."""
    for article in demo:
        assert article.tags.all(), article.slug
        slugs = [section.kind.slug for section in article.sections.all()]
        assert SectionKind.GENERIC_SLUG in slugs, article.slug
        assert any(slug != SectionKind.GENERIC_SLUG for slug in slugs), article.slug


def test_demo_uses_every_builtin_section_kind(demo):
    """Across the demo, every built-in kind of section is shown at least once."""
    used = {section.kind.slug for article in demo for section in article.sections.all()}
    assert used >= BUILTIN_KINDS


def test_every_demo_article_quotes_a_statement(demo):
    """Each demo article has a rendered blockquote in its lede or one of its sections."""
    for article in demo:
        bodies = [article.intro_html, *(section.body_html for section in article.sections.all())]
        assert any("<blockquote" in body for body in bodies), article.slug


def test_load_demo_twice_creates_no_duplicates_and_keeps_edits(demo):
    """A second run adds nothing and leaves an article the owner edited as edited."""
    edited = demo[0]
    edited.title = "Edited by the site owner"
    edited.save()
    articles, sections = Article.objects.count(), Section.objects.count()
    users = get_user_model().objects.count()

    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert Article.objects.count() == articles
    assert Section.objects.count() == sections
    assert get_user_model().objects.count() == users
    edited.refresh_from_db()
    assert edited.title == "Edited by the site owner"
    assert "0 article(s) created" in out.getvalue()


def test_load_demo_reports_what_it_created(db):
    """The first run says how many articles it created."""
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert f"{Article.objects.count()} article(s) created" in out.getvalue()


def test_demo_article_pages_show_their_sections(client, demo):
    """Each demo article page is 200 and renders every section as <section data-kind> + <h2>."""
    for article in demo:
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200, article.slug
        sections = outline(response.content.decode())
        expected = [section.kind.slug for section in article.sections.all()]
        assert [section["kind"] for section in sections] == expected, article.slug
        for section, model in zip(sections, article.sections.all(), strict=True):
            assert len(section["h2"]) == 1, (article.slug, section)
            heading = " ".join(section["h2"][0].split())
            assert heading == model.display_heading, article.slug


# --- ensure_admin ---------------------------------------------------------------------------


def parse_login(output: str) -> tuple[str, str]:
    username = re.search(r"username: (\S+)", output)
    password = re.search(r"password: (\S+)", output)
    assert username and password, output
    return username.group(1), password.group(1)


def test_ensure_admin_creates_superuser_whose_printed_password_works(client, db):
    """The first run creates a superuser and prints a username and password that log in."""
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    username, password = parse_login(out.getvalue())

    user = get_user_model().objects.get(username=username)
    assert user.is_superuser and user.is_staff
    # Through the admin's login form (the login throttle needs the request).
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_ensure_admin_second_run_creates_nothing_and_prints_no_password(db):
    """Run again, it leaves the users alone and never prints a password."""
    call_command("ensure_admin", stdout=io.StringIO())
    users = list(get_user_model().objects.values_list("pk", "password"))

    out = io.StringIO()
    call_command("ensure_admin", stdout=out)

    assert list(get_user_model().objects.values_list("pk", "password")) == users
    assert "password:" not in out.getvalue()
    assert "admin" in out.getvalue()


def test_ensure_admin_respects_an_existing_superuser(admin_user):
    """If any superuser exists already, no 'admin' account is added."""
    out = io.StringIO()
    call_command("ensure_admin", "--username", "owner", stdout=out)
    assert not get_user_model().objects.filter(username="owner").exists()
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    assert "password:" not in out.getvalue()


def test_ensure_admin_takes_username_option(db):
    """--username names the account it creates."""
    out = io.StringIO()
    call_command("ensure_admin", "--username", "owner", stdout=out)
    username, _ = parse_login(out.getvalue())
    assert username == "owner"
    assert get_user_model().objects.get(username="owner").is_superuser
