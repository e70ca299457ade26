"""The Comment model, its QuerySet and the cached moderation settings."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Article
from comments.models import Comment, ModerationSettings
from tests import factories
from tests.comments.support import approved, count_renders, rules

pytestmark = pytest.mark.django_db


def test_public_contract_create_stores_sanitised_html(article):
    """objects.create(article, name, email, body, status) is enough; save() sanitises."""
    comment = Comment.objects.create(
        article=article, name="N", email="n@example.com",
        body="*Hi* <script>alert(1)</script>", status="approved",
    )  # fmt: skip
    assert comment.body == "*Hi* <script>alert(1)</script>"  # raw text kept as typed
    assert comment.body_html == "<p><em>Hi</em> &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert {choice.value for choice in Comment.Status} == {
        "pending", "approved", "spam", "removed"
    }  # fmt: skip


def test_every_save_re_derives_the_html(article):
    """Changing the body and saving (even with update_fields) re-renders body_html."""
    comment = approved(article, body="first")
    comment.body = "**second**"
    comment.save(update_fields=["body"])
    comment.refresh_from_db()
    assert comment.body_html == "<p><strong>second</strong></p>"


def test_status_knows_what_is_public():
    """Only approved comments are public."""
    assert [s for s in Comment.Status if s.is_public] == [Comment.Status.APPROVED]


def test_a_stored_comment_knows_whether_it_is_public(article):
    """A comment read back from the database (its status a plain string) asks its Status."""
    for status in Comment.Status:
        Comment.objects.create(article=article, name="N", email="n@example.com", body=status,
                               status=status)  # fmt: skip
    public = {c.status: c.is_public for c in Comment.objects.filter(article=article)}
    assert public == {"pending": False, "approved": True, "spam": False, "removed": False}


def test_saves_that_leave_the_body_out_do_not_render_it(article, monkeypatch):
    """update_fields without "body" skips the sanitiser; any save of a new body runs it."""
    comment = approved(article, body="first")
    renders = count_renders(monkeypatch)
    comment.status = Comment.Status.REMOVED
    comment.save(update_fields=["status"])
    assert renders == []
    comment.body = "*second*"
    comment.save()
    assert renders == ["*second*"] and comment.body_html == "<p><em>second</em></p>"


def test_a_full_save_never_trusts_html_it_did_not_render(article):
    """HTML set by hand, or read from the database, is rendered again on save()."""
    comment = approved(article, body="*plain*")
    comment.body_html = "<script>alert(1)</script>"
    comment.save()
    assert comment.body_html == "<p><em>plain</em></p>"
    Comment.objects.filter(pk=comment.pk).update(body_html="<script>alert(1)</script>")
    loaded = Comment.objects.get(pk=comment.pk)
    loaded.save()
    loaded.refresh_from_db()
    assert loaded.body_html == "<p><em>plain</em></p>"


def test_email_is_stored_lowercase_and_url_points_at_the_anchor(article):
    """Emails compare case-blind; page_url is the article's #comment-N."""
    comment = approved(article, email="Ada@Example.COM")
    assert comment.email == "ada@example.com"
    assert comment.page_url() == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert str(comment) == f"Known Reader on “{article.title}”"


def test_website_must_be_http(article):
    """full_clean refuses javascript: and ftp: websites; the page never links them anyway."""
    comment = Comment(article=article, name="N", email="n@example.com", body="b",
                      website="javascript:alert(1)")  # fmt: skip
    with pytest.raises(ValidationError) as error:
        comment.full_clean()
    assert "website" in error.value.message_dict
    assert comment.safe_website == ""


def test_thread_query_is_approved_only_oldest_first(article):
    """for_thread: approved comments of one article, oldest first, display columns only."""
    now = timezone.now()
    late = approved(article, created_at=now)
    early = approved(article, created_at=now - timedelta(hours=1))
    Comment.objects.create(article=article, name="P", email="p@example.com", body="held")
    approved(factories.make_article())
    thread = list(Comment.objects.for_thread(article))
    assert thread == [early, late]
    assert thread[0].get_deferred_fields() >= {"body", "email", "ip_address", "user_agent"}


def test_visible_to_limits_authors_to_their_articles(article, moderator):
    """Moderators see all comments; an author only those on their own articles."""
    mine = approved(article)
    approved(factories.make_article())
    assert list(Comment.objects.visible_to(article.author)) == [mine]
    assert Comment.objects.visible_to(moderator).count() == 2


def test_listing_annotation_counts_approved_comments_only(article):
    """comment_count on lists counts approved comments, and articles with none get 0."""
    approved(article)
    approved(article)
    Comment.objects.create(article=article, name="S", email="s@example.com", body="s",
                           status="spam")  # fmt: skip
    bare = factories.make_article()
    counts = dict(Article.objects.for_listing().values_list("pk", "comment_count"))
    assert counts[article.pk] == 2 and counts[bare.pk] == 0
    assert Article.objects.for_reading().get(pk=article.pk).comment_count == 2


def test_settings_have_sensible_defaults():
    """With no row yet: hold first-timers, 2 links, depth 3, 5 per 10 min, 90 days."""
    rules_ = ModerationSettings.load()
    assert rules_.hold_first_time and rules_.max_links == 2 and rules_.max_depth == 3
    assert (rules_.rate_limit_count, rules_.rate_limit_minutes) == (5, 10)
    assert rules_.retention_days == 90 and rules_.close_after_days == 0


def test_settings_are_cached_and_refreshed_on_save():
    """A warm load costs no query; saving (as the admin does) is seen at once."""
    ModerationSettings.load()
    with CaptureQueriesContext(connection) as queries:
        ModerationSettings.load()
    assert len(queries) == 0
    rules(max_links=7)
    assert ModerationSettings.load().max_links == 7
    assert ModerationSettings.objects.count() == 1


def test_settings_are_a_singleton():
    """Saving a second instance overwrites the one row."""
    ModerationSettings(max_depth=2).save()
    ModerationSettings(max_depth=4).save()
    assert list(ModerationSettings.objects.values_list("pk", "max_depth")) == [(1, 4)]


@pytest.mark.parametrize(
    ("field", "value"),
    [("blocked_ips", "10.0.0.1\nnot-an-ip"), ("blocked_emails", "spammer"), ("max_depth", 0)],
)
def test_settings_validate_their_lists(field, value):
    """Malformed blocklist lines and impossible depths are refused with a field error."""
    settings = ModerationSettings(**{field: value})
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert field in error.value.message_dict


def test_comments_open_follows_article_and_age():
    """Open unless the article closes them or the owner's day limit has passed."""
    rules_ = ModerationSettings(close_after_days=10)
    now = timezone.now()
    article = Article(comments_open=True, published_at=now - timedelta(days=9))
    assert rules_.comments_open(article, now)
    assert not rules_.comments_open(article, now + timedelta(days=2))
    article.comments_open = False
    assert not rules_.comments_open(article, now)
    assert ModerationSettings(close_after_days=0).comments_open(
        Article(comments_open=True, published_at=now - timedelta(days=9000)), now
    )
