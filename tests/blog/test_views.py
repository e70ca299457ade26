import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def make_many(count, *, author=None):
    author = author or factories.make_user()
    return [
        factories.make_article(
            author=author, sections=factories.standard_sections(), tags=["diplomacy", f"t{i}"]
        )
        for i in range(count)
    ]


def hidden_articles():
    now = timezone.now()
    author = factories.make_user(username="hidden-author")
    return [
        factories.make_article(title="Secret draft", status=Article.Status.DRAFT, author=author,
                               tags=["diplomacy"]),
        factories.make_article(title="Secret review", status=Article.Status.REVIEW, author=author,
                               tags=["diplomacy"]),
        factories.make_article(title="Secret scheduled", published_at=now + timedelta(days=1),
                               author=author, tags=["diplomacy"]),
    ]  # fmt: skip


def test_article_page_shows_structured_sections(client):
    """Each section is a <section data-kind> whose first heading is an <h2> with its label."""
    article = factories.make_article(
        sections=factories.standard_sections(), tags=["diplomacy", "sanctions"]
    )
    html = client.get(article.get_absolute_url()).content.decode()
    sections = re.findall(r'<section id="([^"]+)"[^>]*data-kind="([^"]+)">\s*<h2[^>]*>(.*?)</h2>',
                          html, re.S)  # fmt: skip
    text = [(anchor, kind, re.sub(r"<[^>]+>", "", heading)) for anchor, kind, heading in sections]
    assert text == [
        ("talks-resume-in-lisvard", "section", "Talks Resume in Lisvard"),
        ("deep-dive-sanctions-and-spare-parts", "deep-dive",
         "Deep Dive: Sanctions and Spare Parts"),
        ("conclusion", "conclusion", "Conclusion"),
    ]  # fmt: skip
    assert '<a href="#deep-dive-sanctions-and-spare-parts">' in html  # table of contents
    assert "<blockquote>" in html and 'rel="tag"' in html
    assert "min read" in html and 'id="comments"' in html


def test_article_page_has_json_ld_and_social_meta(client):
    """NewsArticle JSON-LD with articleSection and keywords; OpenGraph, Twitter, canonical."""
    article = factories.make_article(sections=factories.standard_sections(), tags=["energy"])
    html = client.get(article.get_absolute_url()).content.decode()
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    data = json.loads(payload)
    assert data["@type"] == "NewsArticle" and data["headline"] == article.title
    assert data["articleSection"][1] == "Deep Dive: Sanctions and Spare Parts"
    assert data["keywords"] == "energy"
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in html
    assert 'property="og:title"' in html and 'name="twitter:card"' in html


def test_json_ld_cannot_break_out_of_its_script(client):
    """A title with </script> is escaped inside the JSON-LD block."""
    article = factories.make_article(title="</script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_unpublished_articles_are_404(client, status):
    """Drafts and articles in review have no public page."""
    article = factories.make_article(status=status)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_hidden_articles_are_invisible_in_every_list(client):
    """Drafts, reviews and scheduled articles appear on no list page."""
    visible = factories.make_article(title="Visible piece", tags=["diplomacy"])
    hidden = hidden_articles()
    # The visible article's own month: the factory dates articles minutes apart, which can
    # fall in the previous month just after midnight on the first.
    month = timezone.localtime(visible.published_at)
    urls = [
        reverse("blog:home"),
        reverse("blog:tag", args=["diplomacy"]),
        reverse("blog:author", args=[visible.author.username]),
        reverse("blog:archive-month", args=[month.year, month.month]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert "Visible piece" in html, url
        for article in hidden:
            assert article.title not in html, url
    assert client.get(reverse("blog:author", args=["hidden-author"])).status_code == 404


def shown(response) -> list[int]:
    """The articles a home page shows in order: the lead story (first page), then the list."""
    lead = response.context.get("lead")
    return [a.pk for a in ([lead] if lead else []) + list(response.context["articles"])]


def test_home_pages_through_articles_with_a_cursor(client, settings):
    """“Older articles →” follows (published_at, id), with no article shown twice."""
    settings.BROADSHEET = {**settings.BROADSHEET, "ARTICLES_PER_PAGE": 4}
    articles = make_many(10)
    seen, url = [], reverse("blog:home")
    while url:
        response = client.get(url)
        seen += shown(response)
        page = response.context["page"]
        url = f"{reverse('blog:home')}?before={page.next_cursor}" if page.has_next else None
    expected = sorted(articles, key=lambda a: (a.published_at, a.pk), reverse=True)
    assert seen == [a.pk for a in expected]


def test_articles_sharing_a_timestamp_are_not_skipped(client, settings):
    """The id breaks ties, so equal publication times do not lose articles between pages."""
    settings.BROADSHEET = {**settings.BROADSHEET, "ARTICLES_PER_PAGE": 2}
    moment = timezone.now() - timedelta(hours=1)
    articles = [factories.make_article(published_at=moment) for _ in range(5)]
    seen, url = [], reverse("blog:home")
    while url:
        response = client.get(url)
        seen += shown(response)
        page = response.context["page"]
        url = f"/?before={page.next_cursor}" if page.has_next else None
    assert seen == sorted((a.pk for a in articles), reverse=True)


@pytest.mark.parametrize("cursor", ["nonsense", "1-", "1-99999999999999999999", "-5-3"])
def test_bad_cursor_is_404(client, cursor):
    """A malformed or impossible cursor is a 404, not a server error."""
    assert client.get(f"/?before={cursor}").status_code == 404


def test_lists_never_load_article_bodies(client, django_assert_max_num_queries):
    """List queries select only the columns cards show (no intro or section bodies)."""
    make_many(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("blog:home"))
    article_selects = [q["sql"] for q in queries if 'FROM "blog_article"' in q["sql"]]
    assert article_selects and all('"intro' not in sql for sql in article_selects)
    assert not any('FROM "blog_section"' in q["sql"] for q in queries)


@pytest.mark.parametrize("count", [1, 25])
def test_home_page_query_budget(client, django_assert_max_num_queries, count):
    """Home: articles + tags in fixed queries, no query per article, author or tag (N+1)."""
    make_many(count)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("blog:home")).status_code == 200


def picture_all(articles) -> None:
    """Give every article one uploaded picture (encoded once: the renditions are shared)."""
    pictured = factories.make_article(
        title="Pictured", featured_image=factories.image_file(), featured_image_alt="A harbour"
    )
    copied = (
        "featured_image", "featured_image_alt", "featured_image_caption", "featured_image_credit",
        "featured_image_width", "featured_image_height", "image_renditions",
    )  # fmt: skip
    Article.objects.filter(pk__in=[article.pk for article in articles]).update(
        **{name: getattr(pictured, name) for name in copied}
    )


@pytest.mark.parametrize("count", [1, 12])
def test_list_pages_with_pictures_query_budget(
    client, django_assert_max_num_queries, no_page_cache, settings, count
):
    """Cards with pictures: no query per card for image columns the list does not select (a
    caption or credit read from a card cost two per article), nor for the lead's label."""
    articles = make_many(count)
    picture_all(articles)
    for url in (reverse("blog:home"), reverse("blog:tag", args=["diplomacy"])):
        with django_assert_max_num_queries(6):
            html = client.get(url).content.decode()
        assert html.count('srcset="') >= min(count, settings.BROADSHEET["ARTICLES_PER_PAGE"])


def test_cards_link_title_author_and_tags(client):
    """Each card links its article, its author's page and its tags' pages and gives its
    date; the lead story above them shows no tags."""
    author = factories.make_user(username="hale", first_name="Miriam", last_name="Hale")
    moment = timezone.make_aware(timezone.datetime(2025, 3, 7, 9, 30))
    older = factories.make_article(
        title="Older", author=author, published_at=moment, tags=["Energy", "Baltic"]
    )
    factories.make_article(title="Newest", author=author, tags=["Energy"])
    html = client.get(reverse("blog:home")).content.decode()
    lead, cards = html.split('class="lead-story', 1)[1].split("</article>", 1)
    assert "Newest" in lead and "tag-list" not in lead
    card = cards.split('class="article-card"', 1)[1].split("</article>", 1)[0]
    assert f'<a href="{older.get_absolute_url()}">Older</a>' in card
    assert f'<a href="{reverse("blog:author", args=["hale"])}">Miriam Hale</a>' in card
    assert '<time datetime="2025-03-07T09:30:00+00:00">7 March 2025</time>' in card
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', card) == [
        (reverse("blog:tag", args=[tag.slug]), tag.name) for tag in older.tags.all()
    ]


@pytest.mark.parametrize("size", [1, 12])
def test_article_page_query_budget(client, django_assert_max_num_queries, size):
    """Article page: no query per section, section kind, tag or related article (N+1)."""
    make_many(size)
    sections = [("section", f"Heading {i}", f"Body {i}") for i in range(size * 2)]
    article = factories.make_article(sections=sections, tags=[f"tag{i}" for i in range(size)])
    # 8, plus related reading: the related articles and the neighbours in the primary tag.
    with django_assert_max_num_queries(10):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_list_pages_query_budget(client, django_assert_max_num_queries, size):
    """Tag, author and archive pages: fixed queries whatever the number of articles."""
    articles = make_many(size)
    now = timezone.now()
    for url in (
        reverse("blog:tag", args=["diplomacy"]),
        reverse("blog:author", args=[articles[0].author.username]),
        reverse("blog:archive-month", args=[now.year, now.month]),
        reverse("blog:archive"),
    ):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200


def test_preview_shows_a_draft_to_staff_only(client, editor):
    """Staff see a draft exactly as readers would, marked and never cached; others get 403."""
    draft = factories.make_article(
        status=Article.Status.DRAFT, sections=factories.standard_sections()
    )
    url = reverse("blog:preview", args=[draft.pk])
    assert client.get(url).status_code == 403
    client.force_login(factories.make_user())
    assert client.get(url).status_code == 403
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-kind="deep-dive"' in html and "Preview" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-cache" in response["Cache-Control"]


def test_month_archive_rejects_impossible_months(client):
    """Month 13 is a 404."""
    assert client.get("/archive/2026/13/").status_code == 404


def test_robots_and_sitemap_are_served(client):
    """robots.txt names the sitemap; the sitemap answers XML."""
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
    assert client.get("/sitemap.xml")["Content-Type"].startswith("application/xml")


def test_bad_host_header_gets_the_styled_400_page(client):
    """A Host outside ALLOWED_HOSTS is a 400 in the site's style, not a crash."""
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "That request didn’t make sense" in response.content.decode()


@pytest.mark.parametrize("query", ["", "?before=1-1"])
def test_unpublished_people_have_no_author_page(client, query):
    """A user with no public article is a 404 on every page of the list, naming no one."""
    hidden_articles()
    staff = factories.make_user(username="owner", first_name="Secret", last_name="Owner")
    for username in ("hidden-author", staff.username):
        response = client.get(reverse("blog:author", args=[username]) + query)
        assert response.status_code == 404
        assert "Secret Owner" not in response.content.decode()


def test_tags_used_only_by_unpublished_articles_are_unannounced(client):
    """A draft's or scheduled article's tag has no page and no feed until the article is out."""
    draft = factories.make_article(status=Article.Status.DRAFT, tags=["secret-merger"])
    for url in (
        reverse("blog:tag", args=["secret-merger"]),
        reverse("blog:tag-feed-rss", args=["secret-merger"]),
        reverse("blog:tag", args=["secret-merger"]) + "?before=1-1",
    ):
        assert client.get(url).status_code == 404, url
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert client.get(reverse("blog:tag", args=["secret-merger"])).status_code == 200
