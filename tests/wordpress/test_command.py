"""The command's public contract: what it creates, its report, re-runs and dry runs."""

import pytest
from django.core.management import CommandError
from django.utils import timezone

from blog.models import Article
from comments.models import Comment
from pages.models import Page, Redirect
from tests.factories import make_article
from wordpress.models import ImportedItem, ImportRun

from .support import LEGACY, SITE, run_import

pytestmark = pytest.mark.django_db


def test_published_posts_become_public_articles_with_title_and_slug(client):
    """A published post is a public article at its address, with its title and slug."""
    run_import(SITE)
    article = Article.objects.get(slug="sanctions-relief")
    assert article.title == "Sanctions Relief & the Minsk Calculus"
    assert article.is_public
    assert article.published_at.isoformat() == "2012-01-07T12:00:00+00:00"
    assert article.dek == "Why the prisoners were a price."
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Sanctions Relief &amp; the Minsk Calculus" in response.content.decode()


def test_each_status_maps_as_documented():
    """publish → public; future → scheduled; draft, pending, password → drafts; trash skipped."""
    run_import(SITE)
    scheduled = Article.objects.get(slug="scheduled-piece")
    assert scheduled.status == Article.Status.PUBLISHED and scheduled.is_scheduled
    assert not scheduled.is_public
    for slug in ("members-only", "under-review"):
        assert Article.objects.get(slug=slug).status == Article.Status.DRAFT
    draft = Article.objects.get(title="Half-written Draft")
    assert draft.status == Article.Status.DRAFT and draft.slug == "half-written-draft"
    assert not Article.objects.filter(title="Binned Post").exists()
    public = set(Article.objects.published().values_list("slug", flat=True))
    assert public == {"sanctions-relief", "clash"}


def test_scheduled_and_draft_posts_are_not_public(client):
    """Neither a scheduled nor a draft post can be read by the public."""
    run_import(SITE)
    for slug in ("scheduled-piece", "members-only", "under-review", "half-written-draft"):
        article = Article.objects.get(slug=slug)
        assert client.get(article.get_absolute_url()).status_code == 404


def test_report_counts_every_kind_and_names_skipped_items():
    """The report counts articles, comments, tags, authors, pages, links, redirects."""
    out = run_import(SITE)
    assert "Articles: 2 published, 1 scheduled, 3 drafts" in out
    assert "Comments: 3 approved, 1 pending, 1 spam, 1 removed, 1 pingbacks/trackbacks" in out
    assert "Authors: 1 new users" in out
    assert "Pages: 1 published, 1 drafts" in out
    assert "Affiliate links: 1 new" in out
    assert "post 14 “Binned Post”: not imported: in the trash" in out
    assert "post 13 “Members Only”: password-protected: kept as a draft" in out
    assert "post 10 “Sanctions Relief & the Minsk Calculus”: sticky" in out
    assert "[unknownthing] has no equivalent" in out
    assert "post 11 “Scheduled Piece”: only in the category “Uncategorized”" in out
    assert "Other items: 1 attachments, 1 menu items" in out


def test_slug_clash_gets_a_suffix_and_is_reported():
    """A WordPress slug already used here gets -2, and the report says so."""
    make_article(slug="clash", title="Our Own Clash")
    out = run_import(SITE)
    assert Article.objects.get(title="Clash of Slugs").slug == "clash-2"
    assert "slug “clash” is taken: “clash-2” instead" in out


def test_second_run_adds_no_articles_and_no_comments():
    """Re-running on the same file creates nothing twice."""
    run_import(SITE)
    counts = (Article.objects.count(), Comment.objects.count(), Page.objects.count(),
              Redirect.objects.count())  # fmt: skip
    out = run_import(SITE)
    assert (Article.objects.count(), Comment.objects.count(), Page.objects.count(),
            Redirect.objects.count()) == counts  # fmt: skip
    assert "Articles: 6 already imported" in out
    assert "6 already imported" in out.split("Comments:")[1].splitlines()[0]


def test_rerun_keeps_an_editors_changes():
    """An article edited since the import is not overwritten by a re-run."""
    run_import(SITE)
    article = Article.objects.get(slug="sanctions-relief")
    article.title = "Edited Here"
    article.save()
    run_import(SITE)
    article.refresh_from_db()
    assert article.title == "Edited Here"


def test_dry_run_writes_nothing_and_prints_the_same_report():
    """--dry-run changes nothing and reports what a real run would do."""
    before = (Article.objects.count(), ImportedItem.objects.count(), Redirect.objects.count())
    dry = run_import(SITE, "--dry-run")
    assert (Article.objects.count(), ImportedItem.objects.count(),
            Redirect.objects.count()) == before  # fmt: skip
    assert not ImportRun.objects.exists()
    real = run_import(SITE)
    assert dry.splitlines()[1:] == real.splitlines()[1:]
    assert "dry run" in dry.splitlines()[0]


def test_authors_become_users_without_a_usable_password_in_the_authors_group():
    """wp:author → a user with the display name, no password, in Authors."""
    run_import(SITE)
    article = Article.objects.get(slug="sanctions-relief")
    user = article.author
    assert user.username == "rkowal"
    assert user.get_full_name() == "Roza Kowal"
    assert not user.has_usable_password()
    assert user.groups.filter(name="Authors").exists()


def test_default_author_takes_posts_without_one(django_user_model):
    """--default-author names the author of posts whose author is missing."""
    editor = django_user_model.objects.create_user("desk", password="x" * 20)
    run_import(SITE, "--default-author", "desk")
    assert Article.objects.get(title="Clash of Slugs").author == editor


def test_unknown_default_author_is_an_error_and_imports_nothing():
    """A --default-author that does not exist stops the run with a message."""
    with pytest.raises(CommandError, match="No user “ghost”"):
        run_import(SITE, "--default-author", "ghost")
    assert not Article.objects.exists()


def test_categories_and_tags_become_tags_but_not_uncategorized():
    """Both taxonomies become tags; WordPress's “Uncategorized” does not."""
    run_import(SITE)
    article = Article.objects.get(slug="sanctions-relief")
    assert sorted(article.tags.names()) == ["Eastern Europe", "Sanctions"]
    assert not Article.objects.filter(tags__name__iexact="uncategorized").exists()


def test_closed_comments_stay_closed():
    """comment_status closed → comments closed on the article."""
    run_import(SITE)
    assert Article.objects.get(title="Clash of Slugs").comments_open is False
    assert Article.objects.get(slug="sanctions-relief").comments_open is True


def test_legacy_namespace_and_plain_permalinks(client):
    """A WXR 1.0 file in the http:// namespaces imports the same way."""
    out = run_import(LEGACY)
    article = Article.objects.get(slug="an-old-post")
    assert article.is_public
    assert Comment.objects.get(article=article).status == Comment.Status.APPROVED
    assert "WXR 1.0" in out
    response = client.get("/blog/?p=7")
    assert response.status_code == 301
    assert response["Location"].endswith(article.get_absolute_url())


def test_the_run_is_recorded_for_the_admin():
    """A real run leaves its report in the import history."""
    run_import(SITE)
    run = ImportRun.objects.get()
    assert run.succeeded and "Articles: 2 published" in run.report
    assert run.started_at <= timezone.now()


def test_update_rewrites_imported_posts_from_the_file_but_keeps_their_address():
    """--update brings an edited article back to the file's text; slug and status stay."""
    run_import(SITE)
    article = Article.objects.get(slug="sanctions-relief")
    article.title = "Edited Here"
    article.save()
    article.sections.all().delete()
    out = run_import(SITE, "--update")
    article.refresh_from_db()
    assert article.title == "Sanctions Relief & the Minsk Calculus"
    assert article.sections.count() == 3
    assert article.slug == "sanctions-relief" and article.is_public
    assert "updated from the file" in out
    assert Article.objects.count() == 6
