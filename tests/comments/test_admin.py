"""Moderation in the admin: the list, bulk actions, the index count, editing, permissions."""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse

from comments.models import Comment, ModerationSettings
from tests import factories
from tests.comments.support import approved, count_renders, post_comment, rules
from tests.html_checks import dangers

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/comments/comment/"


def held(article, **fields) -> Comment:
    fields.setdefault("name", "Pat Held")
    fields.setdefault("email", "pat@example.com")
    fields.setdefault("body", "A **held** comment with a [link](https://example.com).")
    fields.setdefault("reasons", ["First comment from this email address."])
    return Comment.objects.create(article=article, **fields)


def test_moderation_list_is_the_public_url():
    """The issue's contract: /admin/comments/comment/ is the list."""
    assert reverse("admin:comments_comment_changelist") == LIST_URL


def test_list_shows_status_article_author_excerpt_reasons_date(moderator_client, article):
    """Each row: plain-text excerpt, name, article, status, reasons and date."""
    held(article)
    held(factories.make_article(title="Another piece"), body="Elsewhere")
    html = moderator_client.get(LIST_URL).content.decode()
    row = re.findall(r'<tr>\s*<td class="action-checkbox">.*?</tr>', html, re.S)[-1]
    assert "A held comment with a link." in row  # text of the sanitised HTML, no tags
    assert "Pat Held" in row and article.title in row
    assert "Awaiting moderation" in row and "First comment from this email address." in row
    assert 'class="field-created_at' in row
    for choice in ("?status__exact=pending", "?status__exact=spam", "article__id__exact",
                   "created_at__gte"):  # fmt: skip
        assert choice in html


def test_filters_and_search(moderator_client, article):
    """Status filter and search narrow the list."""
    held(article, name="Findable Person")
    approved(article, name="Someone Else", body="Visible words")
    by_status = moderator_client.get(LIST_URL, {"status__exact": "approved"}).context["cl"]
    assert [c.name for c in by_status.result_list] == ["Someone Else"]
    found = moderator_client.get(LIST_URL, {"q": "findable"}).context["cl"]
    assert [c.name for c in found.result_list] == ["Findable Person"]
    by_body = moderator_client.get(LIST_URL, {"q": "Visible words"}).context["cl"]
    assert [c.name for c in by_body.result_list] == ["Someone Else"]


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve_selected", Comment.Status.APPROVED),
        ("mark_selected_spam", Comment.Status.SPAM),
        ("remove_selected", Comment.Status.REMOVED),
    ],
)
def test_bulk_actions(moderator_client, article, moderator, action, status):
    """Bulk approve, spam and remove change every selected comment and only those."""
    chosen = [held(article, body=f"c{n}") for n in range(3)]
    untouched = held(article, body="left alone")
    response = moderator_client.post(
        LIST_URL, {"action": action, ACTION_CHECKBOX_NAME: [c.pk for c in chosen]}
    )
    assert response.status_code == 302
    assert set(Comment.objects.filter(status=status).values_list("pk", flat=True)) == {
        c.pk for c in chosen
    }
    assert Comment.objects.get(pk=untouched.pk).status == Comment.Status.PENDING
    assert Comment.objects.get(pk=chosen[0].pk).moderated_by == moderator


def test_bulk_approve_notifies_opted_in_parents(
    moderator_client, article, django_capture_on_commit_callbacks
):
    """Approving a held reply from the list emails its opted-in parent."""
    parent = approved(article, email="parent@example.com", notify_replies=True)
    reply = held(article, parent=parent)
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            LIST_URL, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [reply.pk]}
        )
    assert [m.to for m in mail.outbox] == [["parent@example.com"]]


def test_admin_index_shows_how_many_wait(moderator_client, article):
    """The index says "Comments · 2 waiting"."""
    held(article, body="one")
    held(article, body="two")
    approved(article)
    html = moderator_client.get(reverse("admin:index")).content.decode()
    assert "Comments · 2 waiting" in html


def test_change_form_shows_sanitised_body_and_edit_re_sanitises(moderator_client, article):
    """The preview is the stored HTML; an edited body is rendered and sanitised again."""
    comment = held(article, body="Fine *text*")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    html = moderator_client.get(url).content.decode()
    assert '<div class="comment-rendered"><p>Fine <em>text</em></p></div>' in html
    response = moderator_client.post(url, {
        "body": "Edited <img src=x onerror=alert(1)> [x](javascript:alert(1)) **bold**",
        "name": "Pat Held", "email": "pat@example.com", "website": "", "status": "pending",
    })  # fmt: skip
    assert response.status_code == 302
    comment.refresh_from_db()
    assert dangers(comment.body_html) == [] and "<img" not in comment.body_html
    assert (
        "<strong>bold</strong>" in comment.body_html and 'href="javascript' not in comment.body_html
    )


def test_status_change_in_the_form_goes_through_moderation(
    moderator_client, article, django_capture_on_commit_callbacks
):
    """Approving via the change form records the moderator and notifies the parent."""
    parent = approved(article, email="parent@example.com", notify_replies=True)
    reply = held(article, parent=parent)
    url = reverse("admin:comments_comment_change", args=[reply.pk])
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url, {
            "body": reply.body, "name": reply.name, "email": reply.email, "website": "",
            "status": "approved",
        })  # fmt: skip
    reply.refresh_from_db()
    assert reply.status == Comment.Status.APPROVED and reply.moderated_by is not None
    assert [m.to for m in mail.outbox] == [["parent@example.com"]]


def test_email_links_confirm_before_changing(moderator_client, article):
    """The approve link's GET asks; only its POST approves."""
    comment = held(article)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk, "approve"])
    page = moderator_client.get(url)
    assert page.status_code == 200 and 'value="Approve"' in page.content.decode()
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING
    assert moderator_client.post(url).status_code == 302
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED
    spam = reverse("admin:comments_comment_moderate", args=[comment.pk, "spam"])
    moderator_client.post(spam)
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.SPAM
    bad = reverse("admin:comments_comment_moderate", args=[comment.pk, "delete"])
    assert moderator_client.post(bad).status_code == 403


def test_email_links_need_login_and_moderation_permission(client, article):
    """Anonymous users are sent to log in; authors may not moderate."""
    comment = held(article)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk, "approve"])
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(article.author)
    article.author.is_staff = True
    article.author.save()
    assert client.post(url).status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


@pytest.fixture
def author_client(client, article):
    """The article's author: staff who edit articles, without the moderation permission."""
    author = article.author
    author.is_staff = True
    author.save()
    author.user_permissions.set(
        Permission.objects.filter(codename__in=["change_article", "view_article"])
    )
    client.force_login(author)
    return client


def test_authors_see_only_comments_on_their_articles(author_client, article):
    """An author's list holds their articles' comments, read-only, without emails or IPs."""
    mine = held(article, body="On my piece", ip_address="203.0.113.9")
    held(factories.make_article(), body="On someone else's")
    cl = author_client.get(LIST_URL).context["cl"]
    assert list(cl.result_list) == [mine]
    page = author_client.get(reverse("admin:comments_comment_change", args=[mine.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "On my piece" in html
    assert "pat@example.com" not in html and "203.0.113.9" not in html
    assert 'name="body"' not in html and 'name="_save"' not in html
    refused = {"action": "approve_selected", ACTION_CHECKBOX_NAME: [mine.pk]}
    assert author_client.post(LIST_URL, refused).status_code == 200  # not an action for them
    assert Comment.objects.get(pk=mine.pk).status == Comment.Status.PENDING


def test_others_cannot_see_comments(client, article):
    """Staff without article or comment permissions get no comments in the admin."""
    user = factories.make_user(is_staff=True)
    client.force_login(user)
    assert client.get(LIST_URL).status_code == 403


def test_settings_admin_is_one_editable_row(admin_client_logged):
    """The list opens the single row; saving it changes the rules at once."""
    response = admin_client_logged.get("/admin/comments/moderationsettings/")
    assert response.status_code == 302 and response["Location"].endswith("/1/change/")
    page = admin_client_logged.get(response["Location"])
    assert page.status_code == 200 and 'name="_addanother"' not in page.content.decode()
    ModerationSettings.load()  # warm the cache
    data = {
        "hold_first_time": "", "max_links": "4", "blocked_words": "casino",
        "blocked_emails": "@spam.example", "blocked_ips": "203.0.113.0/24",
        "rate_limit_count": "9", "rate_limit_minutes": "10", "max_depth": "2",
        "close_after_days": "0", "retention_days": "30",
    }  # fmt: skip
    assert admin_client_logged.post(response["Location"], data).status_code == 302
    rules = ModerationSettings.load()
    assert (rules.hold_first_time, rules.max_links, rules.rate_limit_count) == (False, 4, 9)
    bad = admin_client_logged.post(response["Location"], {**data, "blocked_ips": "nope"})
    assert bad.status_code == 200 and "Not an IP address or network" in bad.content.decode()


@pytest.mark.parametrize("count", [2, 40])
def test_moderation_list_query_budget(moderator_client, django_assert_max_num_queries, count):
    """The list: no query per comment or article (N+1), at any size."""
    for number in range(count):
        held(factories.make_article(), body=f"Comment {number}")
    with django_assert_max_num_queries(12):
        assert moderator_client.get(LIST_URL).status_code == 200


def blocked_comment(article, clock) -> Comment:
    """A comment that hit the email and IP blocklists, posted by a reader through the form."""
    rules(blocked_emails="pat@example.com", blocked_ips="203.0.113.0/24")
    post_comment(Client(), article, clock, email="pat@example.com", body="Blocked twice",
                 meta={"REMOTE_ADDR": "203.0.113.9"})  # fmt: skip
    comment = Comment.objects.get(body="Blocked twice")
    assert comment.status == Comment.Status.SPAM and len(comment.reasons) == 2
    return comment


def test_authors_read_reasons_without_the_commenters_email_or_ip(
    author_client, moderator, article, clock
):
    """Authors see "Blocked email address." and "Blocked IP address."; moderators the detail."""
    moderator_client = Client()
    moderator_client.force_login(moderator)
    comment = blocked_comment(article, clock)
    change = reverse("admin:comments_comment_change", args=[comment.pk])
    for page in (author_client.get(LIST_URL), author_client.get(change)):
        html = page.content.decode()
        assert "Blocked email address." in html and "Blocked IP address." in html
        assert "pat@example.com" not in html and "203.0.113." not in html
    moderated = moderator_client.get(LIST_URL).content.decode()
    assert "Blocked email address (pat@example.com)." in moderated
    assert "Blocked IP address (203.0.113.9 in 203.0.113.0/24)." in moderated


def test_authors_cannot_search_or_filter_by_email_or_ip(author_client, article):
    """An author's search ignores emails and any URL filter on a private field is refused."""
    mine = held(article, ip_address="203.0.113.9")

    def found(**query):
        return list(author_client.get(LIST_URL, query).context["cl"].result_list)

    assert found(q="pat@example.com") == [] and found(q="Pat") == [mine]
    page = author_client.get(LIST_URL).content.decode()
    assert "Search names and comment text." in page and "email addresses" not in page
    for probe in ({"email": "pat@example.com"}, {"email__startswith": "p"},
                  {"ip_address": "203.0.113.9"}, {"reasons__icontains": "203.0"}):  # fmt: skip
        assert author_client.get(LIST_URL, probe).status_code == 400, probe
    assert found(status__exact="pending", article__id__exact=article.pk) == [mine]


def test_moderators_still_search_and_filter_by_email(moderator_client, article):
    """Moderators find a commenter by address, in the search box or as a filter."""
    mine = held(article)
    held(article, email="someone@example.org", body="other")
    found = moderator_client.get(LIST_URL, {"q": "pat@example.com"}).context["cl"]
    assert list(found.result_list) == [mine]
    filtered = moderator_client.get(LIST_URL, {"email": "pat@example.com"}).context["cl"]
    assert list(filtered.result_list) == [mine]


# The bulk action's fixed cost: the session, the user and their two permission lookups (4);
# the changelist the action is posted to, with its article filter and counts (4); the
# savepoint around the action and its release (2); the selected comments with their articles
# and parents in one SELECT (1).
BULK_FIXED_QUERIES = 11


@pytest.mark.parametrize("count", [5, 40])
@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve_selected", "approved"),
        ("mark_selected_spam", "spam"),
        ("remove_selected", "removed"),
    ],
)
def test_bulk_actions_cost_one_query_per_comment(
    moderator_client, article, django_assert_max_num_queries,
    django_capture_on_commit_callbacks, monkeypatch, action, status, count,
):  # fmt: skip
    """A bulk action on N replies costs a fixed number of queries plus N, one UPDATE a row.

    Each reply's parent wants an email, the costliest case for approval: the parent comes in
    the selection query (no N+1 on reply.parent), and the UPDATE that approves a reply also
    claims its parent's email (no second UPDATE per reply). Nothing re-renders the bodies.
    """
    parents = [
        approved(article, email=f"p{n}@example.com", notify_replies=True) for n in range(count)
    ]
    replies = [
        held(article, parent=p, email=f"r{n}@example.com", body=f"Reply {n}")
        for n, p in enumerate(parents)
    ]
    renders = count_renders(monkeypatch)
    chosen = {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in replies]}
    with (
        django_assert_max_num_queries(BULK_FIXED_QUERIES + count),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert moderator_client.post(LIST_URL, chosen).status_code == 302
    assert Comment.objects.filter(status=status, parent__isnull=False).count() == count
    emailed = sorted(f"p{n}@example.com" for n in range(count)) if status == "approved" else []
    assert sorted(m.to[0] for m in mail.outbox) == emailed
    assert renders == []
