"""Threat: a tag name that the URL scheme cannot express takes public pages down.

A published article tagged ``日本語`` or ``!!!`` used to make every page that links to its tags
answer 500 (the ``<slug:slug>`` route accepts ASCII only, and ``!!!`` had an empty slug).
Tags now have Unicode slugs, a route that accepts them, and ``tag-N`` when a name has no
letters or digits at all.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from blog.models import Article, Tag
from tests import factories
from tests.blog.test_admin import article_form_data

pytestmark = pytest.mark.django_db

NAMES_IN_EVERY_SCRIPT = [
    "日本語",
    "!!!",
    "سياسة خارجية",  # Arabic
    "Україна",  # Cyrillic
    "Ελλάδα",  # Greek
    "🎉",
    "...",
    "— « » —",
    "C++",
    "עברית",  # Hebrew, right to left
    "हिन्दी",  # Devanagari, with combining vowel signs
]
SLUG = re.compile(r"^[-\w]+\Z")


class _TagLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("rel") == "tag":
            self.hrefs.append(attrs["href"])


def tag_links(html: str) -> list[str]:
    parser = _TagLinks()
    parser.feed(html)
    return parser.hrefs


def test_a_tag_in_any_script_gets_a_nonempty_slug_the_route_accepts():
    """Every name, whatever its script, has a slug of letters, digits, _ and - that reverses."""
    for name in NAMES_IN_EVERY_SCRIPT:
        tag = Tag.objects.create(name=name)
        assert tag.slug and SLUG.match(tag.slug), (name, tag.slug)
        assert reverse("blog:tag", args=[tag.slug])
    slugs = [slug.lower() for slug in Tag.objects.values_list("slug", flat=True)]
    assert len(slugs) == len(set(slugs))


def test_names_in_other_scripts_keep_their_letters_in_the_slug():
    """Unicode slugs, not transliteration: readers see their own language in the address."""
    assert Tag.objects.create(name="日本語").slug == "日本語"
    assert Tag.objects.create(name="Ελλάδα").slug == "ελλάδα"
    assert Tag.objects.create(name="Україна").slug == "україна"
    assert Tag.objects.create(name="سياسة خارجية").slug == "سياسة-خارجية"


def test_names_without_letters_get_numbered_fallback_slugs():
    """``!!!``, ``...`` and an emoji have no letters: they get tag-1, tag-2, tag-3, never ""."""
    slugs = [Tag.objects.create(name=name).slug for name in ("!!!", "...", "🎉")]
    assert slugs == ["tag-1", "tag-2", "tag-3"]


def test_slugs_are_unique_in_any_case():
    """Two names with one slug, or a slug differing only in case, get -2, -3…"""
    Tag.objects.create(name="Kept upper", slug="Japan")
    assert Tag.objects.create(name="japan").slug == "japan-2"
    assert Tag.objects.create(name="C++").slug == "c"
    assert Tag.objects.create(name="C#").slug == "c-2"
    assert Tag.objects.create(name="C!").slug == "c-3"


def test_the_public_contract_japanese_and_punctuation_tags(client):
    """Tagged 日本語 and !!!: the home page, the article, its tag pages and the feeds answer 200."""
    article = factories.make_article(tags=["日本語", "!!!"])
    assert client.get(reverse("blog:home")).status_code == 200
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    links = tag_links(response.content.decode())
    assert len(links) == 2
    for href in links:
        assert client.get(href).status_code == 200, href
    for name in ("blog:feed-rss", "blog:feed-atom"):
        assert client.get(reverse(name)).status_code == 200


def test_an_author_tags_an_article_in_every_script_through_the_admin(client):
    """Tags typed in the admin article form: every public page, feed and the sitemap answer 200."""
    author = factories.make_user(username="kato", is_staff=True)
    author.groups.add(Group.objects.get(name="Authors"))
    client.force_login(author)
    typed = ", ".join(f'"{name}"' if "," in name else name for name in NAMES_IN_EVERY_SCRIPT)
    data = article_form_data(author, [("section", "Talks", "Negotiators met.")], tags=typed)
    response = client.post(reverse("admin:blog_article_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    article = Article.objects.get(slug=data["slug"])
    assert sorted(article.tags.names()) == sorted(NAMES_IN_EVERY_SCRIPT)
    client.logout()
    # Authors cannot publish (newsroom roles): an editor does.
    editor = factories.make_user(username="desk", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    url = reverse("admin:blog_article_changelist")
    client.post(url, {"action": "publish_now", "_selected_action": [article.pk]})
    client.logout()

    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    links = tag_links(page.content.decode())
    assert len(links) == len(NAMES_IN_EVERY_SCRIPT)
    for href in links:
        tag_page = client.get(href)
        assert tag_page.status_code == 200, href
        assert article.title in tag_page.content.decode()
        for feed in ("feed/rss/", "feed/atom/"):
            assert client.get(f"{href}{feed}").status_code == 200, href
    today = timezone.localdate()
    for url in (
        reverse("blog:home"),
        reverse("blog:author", args=[author.username]),
        reverse("blog:archive"),
        reverse("blog:archive-month", args=[today.year, today.month]),
        reverse("blog:feed-rss"),
        reverse("blog:feed-atom"),
        reverse("sitemap"),
    ):
        assert client.get(url).status_code == 200, url


def test_the_same_name_in_another_case_is_the_same_tag(editor_client, editor):
    """Tags typed as “Diplomacy” and later “diplomacy” are one tag with one page."""
    factories.make_article(tags=["Diplomacy"])
    data = article_form_data(editor, [], tags="diplomacy")
    assert editor_client.post(reverse("admin:blog_article_add"), data).status_code == 302
    assert Tag.objects.filter(name__iexact="diplomacy").count() == 1


def test_an_overlong_tag_is_a_form_error_not_a_server_error(editor_client, editor):
    """A 101-character tag is refused by the form with a message; nothing is saved."""
    data = article_form_data(editor, [], tags="x" * 101)
    response = editor_client.post(reverse("admin:blog_article_add"), data)
    assert response.status_code == 200
    assert "longer than 100 characters" in response.content.decode()
    assert not Article.objects.filter(slug=data["slug"]).exists()


def test_a_tag_carried_by_drafts_only_has_no_public_page(client):
    """A draft's tags stay unannounced: its tag page is 404, not a list of nothing."""
    factories.make_article(status=Article.Status.DRAFT, tags=["Ελλάδα"])
    assert client.get(reverse("blog:tag", args=["ελλάδα"])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_taggit_tags_and_fixes_their_slugs():
    """Existing taggit tags and article taggings move to the typed tables; empty slugs are fixed."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate([("blog", "0003_slug_help_text")])
    try:
        apps = executor.loader.project_state([("blog", "0003_slug_help_text")]).apps
        OldArticle = apps.get_model("blog", "Article")
        OldTag = apps.get_model("taggit", "Tag")
        OldTaggedItem = apps.get_model("taggit", "TaggedItem")
        ContentType = apps.get_model("contenttypes", "ContentType")
        User = apps.get_model("auth", "User")
        article_type, _ = ContentType.objects.get_or_create(app_label="blog", model="article")
        user = User.objects.create(username="old-author")
        article = OldArticle.objects.create(title="Old", slug="old", author=user)
        for name, slug in (("Diplomacy", "diplomacy"), ("!!!", ""), ("日本語", "日本語")):
            tag = OldTag.objects.create(name=name, slug=slug)
            OldTaggedItem.objects.create(tag=tag, content_type=article_type, object_id=article.pk)
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    finally:
        MigrationExecutor(connection).migrate(leaves)
    article = Article.objects.get(slug="old")
    assert sorted(article.tags.values_list("name", "slug")) == [
        ("!!!", "tag-1"),
        ("Diplomacy", "diplomacy"),
        ("日本語", "日本語"),
    ]
