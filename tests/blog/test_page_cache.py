"""The page cache and HTTP caching headers, through the public surface.

What is cached (anonymous GETs of public pages), for whom (never for staff or anyone carrying
a personal cookie), what each change refreshes (exactly the pages that show it), no cookie on
anonymous pages, and 304 answers to conditional GETs.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog import pagination
from blog.models import Article, Tag
from comments.models import Comment
from tests import factories
from tests.blog.test_admin import article_form_data

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response


def cache_state(client, url) -> str:
    return get(client, url)["X-Page-Cache"]


def warm(client, *urls) -> None:
    """Request each page until it is served from the cache."""
    for url in urls:
        get(client, url)
        assert cache_state(client, url) == "hit", url


@pytest.fixture
def article(author):
    return factories.make_article(author=author, sections=factories.standard_sections(),
                                  tags=["diplomacy"])  # fmt: skip


# --- headers -------------------------------------------------------------------------------


def test_anonymous_article_page_is_cacheable_and_sets_no_cookie(client, article):
    """No Set-Cookie, public Cache-Control with max-age and s-maxage, an ETag, no Vary: Cookie."""
    response = get(client, article.get_absolute_url())
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    control = response["Cache-Control"]
    for part in ("public", "max-age=60", "s-maxage=300", "stale-while-revalidate=60"):
        assert part in control
    assert response["ETag"]
    assert "cookie" not in response.headers.get("Vary", "").lower()


@pytest.mark.parametrize("cached", [True, False])
def test_conditional_get_answers_304(client, settings, article, cached):
    """A conditional GET with the page's ETag gets 304 and no body, cached or rendered."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": cached}
    url = article.get_absolute_url()
    etag = get(client, url)["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_etag_changes_when_the_page_does(client, article):
    """After an edit the old ETag no longer matches: the reader gets the new page."""
    url = article.get_absolute_url()
    etag = get(client, url)["ETag"]
    article.intro = "A rewritten lede."
    article.save()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "A rewritten lede." in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/", "/archive/", "/feed/rss/", "/feed/atom/", "/tags/diplomacy/", "/sitemap.xml",
     "/sitemap-articles.xml", "/tags/diplomacy/feed/atom/"],
)  # fmt: skip
def test_lists_feeds_and_sitemaps_are_public_and_cached(client, article, url):
    """Every public list answers without a cookie, publicly cacheable, and from the cache."""
    response = get(client, url)
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert cache_state(client, url) == "hit"
    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_pages_with_a_name_in_any_script_are_stored(client, author):
    """A page is stored at the address ``reverse()`` writes: its check compares the path
    decoded, so a tag or username in any script (``%E6%97%A5…`` on the wire) is stored."""
    factories.make_article(author=factories.make_user(username="ελένη"), tags=["日本語"])
    tag = Tag.objects.get(name="日本語")
    for url in (reverse("blog:tag", args=[tag.slug]), reverse("blog:author", args=["ελένη"])):
        assert "%" in url
        assert cache_state(client, url) == "miss", url
        assert cache_state(client, url) == "hit", url


def test_cached_page_goes_out_byte_for_byte_and_each_reader_fetches_a_token(client, article):
    """The cached page is the same bytes for everyone; the comment form's token comes from
    the URL the form names, fresh and private for every request."""
    url = article.get_absolute_url()
    first, second = get(client, url), get(client, url)
    assert second["X-Page-Cache"] == "hit"
    assert first.content == second.content
    assert 'name="token" value=""' in second.content.decode()
    assert int(second["Content-Length"]) == len(second.content)
    token_url = reverse("comments:token", args=[article.pk])
    assert f'data-token-url="{token_url}"' in second.content.decode()
    answers = [client.get(token_url) for _ in range(2)]
    for answer in answers:
        assert answer.status_code == 200
        assert "no-store" in answer["Cache-Control"] and "private" in answer["Cache-Control"]
        assert not answer.cookies
    assert answers[0].json()["token"] != answers[1].json()["token"]


def test_no_token_for_an_article_that_is_not_public(client, article):
    """The token URL of a draft (or a missing article) is a 404."""
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(reverse("comments:token", args=[article.pk])).status_code == 404
    assert client.get(reverse("comments:token", args=[10**9])).status_code == 404


# --- who gets cached pages -----------------------------------------------------------------


def test_staff_always_get_a_fresh_private_page(client, editor, article):
    """A logged-in editor bypasses the cache and gets private, no-store pages."""
    url = article.get_absolute_url()
    warm(client, url)
    client.force_login(editor)
    Article.objects.filter(pk=article.pk).update(title="Changed without a signal")
    response = get(client, url)
    assert response["X-Page-Cache"] == "bypass"
    assert "Changed without a signal" in response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_reader_with_a_personal_cookie_is_not_served_or_stored(client, article):
    """Any cookie but the CSRF cookie (e.g. a message after posting) means a personal page."""
    url = article.get_absolute_url()
    client.cookies["commenter"] = "signed-value"
    response = get(client, url)
    assert response["X-Page-Cache"] == "bypass"
    assert "no-store" in response["Cache-Control"]
    del client.cookies["commenter"]
    assert cache_state(client, url) == "miss"  # nothing was stored for the personal request


def test_the_csrf_cookie_alone_keeps_the_cache(client, article):
    """A reader who once visited the admin login still gets the shared page."""
    url = article.get_absolute_url()
    get(client, url)
    client.cookies["csrftoken"] = "x" * 32
    assert cache_state(client, url) == "hit"


def test_preview_is_private_and_never_cached(client, editor):
    """Previews of drafts are private, no-store."""
    draft = factories.make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    response = get(client, reverse("blog:preview", args=[draft.pk]))
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_page_cache_can_be_turned_off(client, settings, article):
    """PAGE_CACHE=0: every request renders, and the headers stay."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    url = article.get_absolute_url()
    get(client, url)
    response = get(client, url)
    assert response["X-Page-Cache"] == "off"
    assert "public" in response["Cache-Control"]


def test_unknown_query_parameters_are_not_stored(client, article):
    """Junk query strings are answered but cannot fill the cache."""
    url = article.get_absolute_url() + "?utm_source=x"
    get(client, url)
    assert cache_state(client, url) == "off"


def older_link(client, url) -> str:
    """The "Older articles" address a list page links to."""
    html = get(client, url).content.decode()
    return url.split("?")[0] + "?before=" + re.search(r'href="\?before=([^"]+)"', html)[1]


def test_a_list_cursor_the_site_gave_out_is_stored(client, settings, author):
    settings.BROADSHEET = {**settings.BROADSHEET, "ARTICLES_PER_PAGE": 2}
    for hours in range(1, 6):
        factories.make_article(author=author, published_at=timezone.now() - timedelta(hours=hours))
    older = older_link(client, reverse("blog:home"))
    assert cache_state(client, older) == "miss"
    assert cache_state(client, older) == "hit"


def test_made_up_list_cursors_are_answered_but_not_stored(client, settings, author):
    """Any moment makes a valid "older" page, so made-up cursors could fill the cache and push
    out the pages readers use: a cursor naming no article of the list is answered, not kept."""
    settings.BROADSHEET = {**settings.BROADSHEET, "ARTICLES_PER_PAGE": 2}
    articles = [
        factories.make_article(author=author, title=f"Piece {hours}", tags=["energy"],
                               published_at=timezone.now() - timedelta(hours=hours))
        for hours in range(1, 6)
    ]  # fmt: skip
    outside = factories.make_article(
        author=author, title="Untagged", published_at=articles[2].published_at
    )
    real = pagination.encode_cursor(articles[1].published_at, articles[1].pk)
    micros, pk = real.split("-")
    tag = reverse("blog:tag", args=["energy"])
    for url, first_shown in (
        (f"/?before={int(micros) - 1}-{pk}", "Untagged"),  # a moment no article has
        (f"/?before={micros}-{int(pk) + 1000}", "Piece 2"),  # no such article
        (f"{tag}?before={pagination.encode_cursor(outside.published_at, outside.pk)}",
         "Piece 3"),  # an article the list does not hold
    ):  # fmt: skip
        response = get(client, url)
        assert response["X-Page-Cache"] == "off", url
        assert cache_state(client, url) == "off", url
        assert first_shown in response.content.decode(), url  # still the right page
    assert cache_state(client, f"{tag}?before={real}") == "miss"


def test_a_list_cursor_has_one_spelling(client, settings, author):
    """A cursor is the one ``encode_cursor`` writes: another script's digits, leading zeros
    or a trailing newline make no page (each would be one more address of it to store)."""
    settings.BROADSHEET = {**settings.BROADSHEET, "ARTICLES_PER_PAGE": 2}
    for hours in range(1, 6):
        factories.make_article(author=author, published_at=timezone.now() - timedelta(hours=hours))
    cursor = older_link(client, reverse("blog:home")).split("?before=")[1]
    micros, pk = cursor.split("-")
    arabic_indic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    for spelling in (
        f"{quote(micros.translate(arabic_indic))}-{pk}",
        f"{micros}-{quote(pk.translate(arabic_indic))}",
        f"0{cursor}",
        f"{micros}-000{pk}",
        f"{cursor}%0A",
    ):
        assert client.get(f"/?before={spelling}").status_code == 404, spelling
    assert cache_state(client, f"/?before={cursor}") == "miss"


def test_a_list_page_is_stored_under_the_address_the_site_links_only(client, settings, author):
    """Pages are stored under the query string as sent, while the view reads parsed values: a
    repeated cursor (the view reads the last one), empty pairs or a %-escaped name would each
    be one more stored copy of the page, so they are answered but not stored."""
    settings.BROADSHEET = {**settings.BROADSHEET, "ARTICLES_PER_PAGE": 2}
    for hours in range(1, 6):
        factories.make_article(author=author, published_at=timezone.now() - timedelta(hours=hours))
    older = older_link(client, reverse("blog:home"))
    cursor = older.split("?before=")[1]
    for url in (
        f"/?before=junk&before={cursor}",
        f"/?before=&before={cursor}",
        "/?before=",  # the first page again
        f"/?before={cursor}&",
        f"/?before={cursor}&&&&",
        f"/?%62efore={cursor}",
    ):
        assert cache_state(client, url) == "off", url
        assert cache_state(client, url) == "off", url
    assert cache_state(client, older) == "miss"


def test_an_address_not_kept_here_is_not_kept_by_nginx_either(client, settings, author):
    """The nginx micro-cache (deploy/nginx.conf) keys pages by the URI as sent and obeys
    X-Accel-Expires: a page not stored here goes out with 0 ("do not store"), so junk
    addresses cannot fill that cache either; a stored one with PROXY_SECONDS."""
    settings.BROADSHEET = {**settings.BROADSHEET, "ARTICLES_PER_PAGE": 2}
    for hours in range(1, 6):
        newest = factories.make_article(
            author=author, published_at=timezone.now() - timedelta(hours=6 - hours)
        )
    older = older_link(client, reverse("blog:home"))
    micros, pk = older.split("?before=")[1].split("-")
    year = timezone.localtime(newest.published_at).year
    for url in (
        f"/?before={micros}-{int(pk) + 1000}",  # a cursor naming no article (not_kept)
        f"{older}&",  # another spelling of the query string
        f"{older}&utm_source=x",  # a parameter the page does not read
        f"/archive/000{year}/",  # another spelling of the path
        "/archive/1901/",  # an empty list
    ):
        response = get(client, url)
        assert response["X-Page-Cache"] == "off" and response["X-Accel-Expires"] == "0", url
    for url in (older, reverse("blog:archive-year", args=[year])):
        assert get(client, url)["X-Accel-Expires"] == "1", url
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}  # the headers stay
    assert get(client, older)["X-Accel-Expires"] == "1"
    assert get(client, f"{older}&")["X-Accel-Expires"] == "0"


def test_a_cached_page_costs_no_query(client, article, django_assert_num_queries):
    """Served from the cache: no database work at all."""
    url = article.get_absolute_url()
    get(client, url)
    with django_assert_num_queries(0):
        get(client, url)


# --- what each change refreshes ------------------------------------------------------------


def test_an_editor_saving_the_lede_shows_at_once(client, editor):
    """The admin's change form saves a new lede; the next anonymous GET shows it."""
    editor_client = Client()
    editor_client.force_login(editor)
    data = article_form_data(editor, [])
    assert editor_client.post(reverse("admin:blog_article_add"), data).status_code == 302
    article = Article.objects.get(slug=data["slug"])
    url = article.get_absolute_url()
    warm(client, url, "/")
    data["intro"] = "A corrected lede, saved by the editor."
    change = reverse("admin:blog_article_change", args=[article.pk])
    assert editor_client.post(change, data).status_code == 302
    assert "A corrected lede, saved by the editor." in get(client, url).content.decode()


def test_editing_one_article_leaves_other_pages_cached(client, author, article):
    """An edit refreshes the article and the lists showing it, nothing else."""
    other = factories.make_article(tags=["energy"], published_at=timezone.now() - timedelta(days=1))
    urls = [article.get_absolute_url(), other.get_absolute_url(), "/", "/tags/energy/",
            "/tags/diplomacy/", f"/authors/{author.username}/"]  # fmt: skip
    warm(client, *urls)
    article.title = "A new headline"
    article.save()
    assert cache_state(client, other.get_absolute_url()) == "hit"
    assert cache_state(client, "/tags/energy/") == "hit"
    for url in (
        article.get_absolute_url(),
        "/",
        "/tags/diplomacy/",
        f"/authors/{author.username}/",
    ):
        assert "A new headline" in get(client, url).content.decode(), url


def test_publishing_refreshes_its_lists_feeds_and_sitemap(client, author, article):
    """A newly published article appears at once on home, its tag, author, feeds and sitemap."""
    unrelated = factories.make_article(tags=["energy"])
    urls = ["/", "/tags/diplomacy/", f"/authors/{author.username}/", "/feed/rss/",
            "/sitemap-articles.xml", unrelated.get_absolute_url()]  # fmt: skip
    warm(client, *urls)
    new = factories.make_article(author=author, status=Article.Status.DRAFT, title="Fresh news")
    new.tags.set(["diplomacy"])
    new.status = Article.Status.PUBLISHED
    new.save()
    for url in urls[:-1]:
        body = get(client, url).content.decode()
        assert new.slug in body, url
    assert cache_state(client, unrelated.get_absolute_url()) == "hit"


def test_unpublishing_removes_the_article_everywhere_at_once(client, author, article):
    """Back to draft: 404 for the page, gone from lists, feeds and the sitemap."""
    url = article.get_absolute_url()
    lists = ["/", "/tags/diplomacy/", "/feed/atom/", "/sitemap-articles.xml"]
    warm(client, url, *lists)
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(url).status_code == 404
    assert client.get("/tags/diplomacy/").status_code == 404  # no public article has the tag
    for page in ("/", "/feed/atom/", "/sitemap-articles.xml"):
        assert article.slug not in get(client, page).content.decode(), page


def test_approving_a_comment_refreshes_the_page_and_counts(client, article):
    """A new pending comment changes nothing; approving it shows it and its count."""
    url = article.get_absolute_url()
    warm(client, url, "/")
    comment = Comment.objects.create(
        article=article, name="Ada", email="ada@example.com", body="Well argued indeed."
    )
    assert cache_state(client, url) == "hit"  # pending: nothing public changed
    from comments import moderation

    moderation.approve(comment=comment)
    assert "Well argued indeed." in get(client, url).content.decode()
    assert "1 comment" in get(client, "/").content.decode()
    moderation.remove(comment=comment)
    assert "Well argued indeed." not in get(client, url).content.decode()


def test_renaming_a_tag_refreshes_every_page_showing_its_name(client, author, article):
    """The article, its author's page, its month, the feed and the tag index show the new
    name at once (each depends on the tag's name, not only on the tag's own list)."""
    local = timezone.localtime(article.published_at)
    urls = [
        article.get_absolute_url(),
        reverse("blog:author", args=[author.username]),
        reverse("blog:archive-month", args=[local.year, local.month]),
        "/feed/atom/",
        "/tags/",
    ]
    warm(client, *urls)
    tag = article.tags.get(name="diplomacy")
    tag.name = "Statecraft"
    tag.save()
    for url in urls:
        assert "Statecraft" in get(client, url).content.decode(), url


def test_renaming_an_author_refreshes_every_byline_and_nothing_else(client, author, article):
    """Their article, the home page's card, the feed and their own page show the new name at
    once; another author's article stays cached."""
    other = factories.make_article(author=factories.make_user(first_name="Ola", last_name="Berg"))
    own_page = reverse("blog:author", args=[author.username])
    shown = [article.get_absolute_url(), "/", "/feed/rss/", own_page]
    warm(client, *shown, other.get_absolute_url())
    author.first_name, author.last_name = "Miriam", "Hale-Okafor"
    author.save()
    for url in shown:
        assert "Hale-Okafor" in get(client, url).content.decode(), url
    assert cache_state(client, other.get_absolute_url()) == "hit"


def test_a_new_username_moves_the_author_page_links(client, author, article):
    warm(client, "/", "/sitemap-authors.xml")
    author.username = "mhale"
    author.save()
    assert 'href="/authors/mhale/"' in get(client, "/").content.decode()
    assert "/authors/mhale/" in get(client, "/sitemap-authors.xml").content.decode()


def test_logging_in_leaves_the_authors_pages_cached(client, author, article):
    """A login saves ``last_login``, which no page shows."""
    author.is_staff = True
    author.save()
    warm(client, article.get_absolute_url(), "/")
    response = Client().post(
        reverse("admin:login"),
        {"username": author.username, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert cache_state(client, article.get_absolute_url()) == "hit"
    assert cache_state(client, "/") == "hit"


def test_a_scheduled_article_appears_when_its_time_comes(client, author, monkeypatch):
    """No save happens at publication time; lists cached before it are refreshed anyway."""
    when = timezone.now() + timedelta(minutes=5)
    factories.make_article(author=author)  # an empty list is not stored
    scheduled = factories.make_article(author=author, published_at=when, title="Embargoed")
    warm(client, "/")
    assert scheduled.slug not in get(client, "/").content.decode()
    later = when + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("blog.caching.time.time", lambda: later.timestamp())
    assert scheduled.slug in get(client, "/").content.decode()


def test_changes_in_other_processes_are_seen_with_a_local_cache(client, settings, article):
    """With the local-memory cache, another worker's change (the epoch file) clears pages
    (here at once: a worker looks at most every LOCAL_SECONDS, set to 0)."""
    from blog import caching

    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "LOCAL_SECONDS": 0}
    url = article.get_absolute_url()
    warm(client, url)
    path = settings.PAGE_CACHE["EPOCH_FILE"]
    if caching._epoch_file() is None:
        pytest.skip("a shared cache (Redis) needs no epoch file")
    path.unlink(missing_ok=True)
    path.write_bytes(b"another process")  # what a bump in another worker does
    assert cache_state(client, url) == "miss"


def test_a_worker_sees_another_workers_change_within_local_seconds(
    client, settings, article, monkeypatch
):
    """A hit reads nothing shared while the epoch is fresh; another worker's change (here:
    the shared generations and epoch moved without this process's knowledge) is served
    stale for at most LOCAL_SECONDS, then refreshed."""
    from blog import caching

    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "LOCAL_SECONDS": 0.5}
    clock = {"now": 1000.0}
    monkeypatch.setattr("blog.caching.time.monotonic", lambda: clock["now"])
    url = article.get_absolute_url()
    warm(client, url)
    Article.objects.filter(pk=article.pk).update(title="Changed by another worker")
    elsewhere = [caching._gen_key(caching.article_key(article.pk)), caching._gen_key("epoch")]
    caching.page_cache().set_many(dict.fromkeys(elsewhere, "another-worker"), timeout=None)
    caching._touch_epoch_file()  # with the local-memory cache, what another worker leaves
    caching._shared.read_at = clock["now"]  # ... without this process hearing of it
    assert cache_state(client, url) == "hit"
    clock["now"] += 0.6
    response = get(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert "Changed by another worker" in response.content.decode()


def test_archive_months_are_a_summary_kept_until_the_lists_change(
    client, settings, author, django_assert_num_queries
):
    """The month list is not recomputed per render, and a new month shows once published."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    factories.make_article(author=author)
    get(client, "/archive/")
    with django_assert_num_queries(0):
        get(client, "/archive/")
    old = timezone.now().replace(year=2019, month=3, day=10)
    factories.make_article(author=author, published_at=old)
    assert "/archive/2019/3/" in get(client, "/archive/").content.decode()
