"""Posting through the public form: every rule a reader (or a bot) meets, via the test client."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from tests import factories
from tests.comments.support import (
    approved,
    comment_form,
    count_renders,
    form_fields,
    messages_of,
    post_comment,
    rules,
)

pytestmark = pytest.mark.django_db


def test_article_page_has_the_comment_form(client, article):
    """The form with the textarea has name, email, website, comment and reply opt-in fields."""
    html = client.get(article.get_absolute_url()).content.decode()
    form = comment_form(html)
    assert form["action"] == reverse("comments:post", args=[article.pk])
    names = set(form["fields"])
    assert {"name", "email", "website", "body", "token", "honeypot"} <= names
    assert 'name="notify_replies"' in html and "Leave a comment" in html
    assert 'id="comments-heading"' in html  # the wrapper's aria-labelledby target


def test_first_comment_is_held_and_the_reader_is_told(client, article, clock):
    """A first-time commenter's comment waits for moderation; the redirect says so."""
    response = post_comment(client, article, clock, meta={"HTTP_USER_AGENT": "Firefox/140"})
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert "awaiting moderation" in " ".join(messages_of(response))
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.reasons == ["First comment from this email address in this browser."]
    assert comment.ip_address == "127.0.0.1" and comment.user_agent == "Firefox/140"


def test_returning_commenter_is_published_with_a_jump_to_the_comment(client, article, clock):
    """An email with an approved comment goes straight through, to #comment-N."""
    approved(article, email="ada@example.com")
    response = post_comment(client, article, clock, email="Ada@Example.com")
    comment = Comment.objects.latest("id")
    assert comment.status == Comment.Status.APPROVED and comment.reasons == []
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert "published" in " ".join(messages_of(response))
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in page and "A thoughtful comment." in page


def test_holding_first_timers_can_be_turned_off(client, article, clock):
    """With the rule off, a new commenter's clean comment is published."""
    rules(hold_first_time=False)
    post_comment(client, article, clock)
    assert Comment.objects.get().status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Please give a name"),
        ({"email": ""}, "email", "Please give your email address"),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"body": "   "}, "body", "Please write your comment."),
        ({"body": "x" * 5001}, "body", "under 5000 characters"),
        ({"website": "javascript:alert(1)"}, "website", "Enter a valid URL."),
        ({"website": "ftp://files.example.com/"}, "website", "Enter a valid URL."),
        ({"name": "Ada\x07"}, "name", "letters, numbers and punctuation"),
        ({"body": "null\x00byte"}, "body", "Null characters are not allowed."),
    ],
)
def test_invalid_input_is_shown_again_with_errors(client, article, clock, fields, field, message):
    """The article page comes back with the error and everything the reader typed."""
    typed = {"name": "Ada Reader", "email": "ada@example.com", "body": "My *careful* text.",
             "website": "example.org"}  # fmt: skip
    typed.update(fields)
    response = post_comment(client, article, clock, follow=True, **typed)
    assert response.status_code == 200
    assert response.redirect_chain == [(f"{article.get_absolute_url()}#respond", 303)]
    assert not Comment.objects.exists()
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    kept = comment_form(html)["fields"]
    for name in ("name", "email", "body"):
        if "\x00" not in typed[name] and "\x07" not in typed[name] and typed[name].strip():
            assert kept[name].strip() == typed[name].strip()
    assert article.title in html  # the whole article page, not a bare form
    assert re.search(rf'name="{field}"[^>]*autofocus|autofocus[^>]*name="{field}"', html)


def test_website_without_scheme_gets_https_and_links_the_name(client, article, clock):
    """A website typed as example.org is stored as https://example.org, linked nofollow."""
    approved(article, email="ada@example.com")
    post_comment(client, article, clock, website="example.org")
    assert Comment.objects.latest("id").website == "https://example.org"
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<a href="https://example.org" rel="nofollow ugc noopener"><bdi>Ada Reader</bdi></a>'
        in page
    )


def test_comment_markdown_subset_and_link_rel(client, article, clock):
    """Emphasis, code, quotes and lists render; links get nofollow ugc noopener; no images."""
    approved(article, email="ada@example.com")
    body = (
        "*Quite* **so**, see `code` and [the report](https://example.com/report).\n\n"
        "> A quote\n\n- one\n- two\n\n![img](https://example.com/a.png) [bad](javascript:x)"
    )
    post_comment(client, article, clock, body=body)
    html = Comment.objects.latest("id").body_html
    assert (
        "<em>Quite</em>" in html and "<strong>so</strong>" in html and "<code>code</code>" in html
    )
    assert '<a href="https://example.com/report" rel="nofollow ugc noopener">' in html
    assert "<blockquote>" in html and "<li>one</li>" in html
    assert "<img" not in html and "javascript" not in html.split("bad")[0][-40:]


def test_honeypot_makes_spam_and_the_reply_reveals_nothing(client, article, clock):
    """A filled honeypot is stored as spam with its reason; the reader sees "awaiting"."""
    response = post_comment(client, article, clock, honeypot="http://cheap.example")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert "honeypot" in " ".join(comment.reasons)
    assert response.status_code == 303 and "awaiting moderation" in messages_of(response)[0]


@pytest.mark.parametrize(
    ("wait", "status", "reason"),
    [
        (0, Comment.Status.SPAM, "Posted 0.0 s after the form was served"),
        (2.9, Comment.Status.SPAM, "minimum 3 s"),
        (3, Comment.Status.APPROVED, None),
        (timedelta(days=2).total_seconds() - 1, Comment.Status.APPROVED, None),
        (timedelta(days=2).total_seconds() + 1, Comment.Status.SPAM, "maximum 2 days"),
    ],
)
def test_form_timestamp_rules(client, article, clock, wait, status, reason):
    """Under 3 s after the page was served, or over 2 days, is spam; in between is fine."""
    approved(article, email="ada@example.com")
    post_comment(client, article, clock, wait=wait)
    comment = Comment.objects.latest("id")
    assert comment.status == status
    if reason:
        assert reason in " ".join(comment.reasons)


@pytest.mark.parametrize("token", ["forged", "eyJhIjoxfQ:1abc:not-a-real-signature"])
def test_forged_token_stores_nothing(client, article, clock, token):
    """Without a genuine token the form comes back asking to send again; nothing is stored."""
    response = post_comment(client, article, clock, token=token, follow=True)
    assert response.status_code == 200 and not Comment.objects.exists()
    assert "expired or was changed" in response.content.decode()
    fresh = comment_form(response.content.decode())["fields"]["token"]
    assert fresh and fresh != token


@pytest.mark.parametrize("token", [None, ""])
def test_without_a_token_the_comment_is_held_for_moderation(client, article, clock, token):
    """No JavaScript (the cached page carries no token): the comment is kept, held for a
    moderator with the reason, and its writer sees it awaiting moderation."""
    approved(article, email="ada@example.com")  # a known commenter: held only for the token
    response = post_comment(client, article, clock, javascript=False, token=token, follow=True)
    comment = Comment.objects.get(body="A thoughtful comment.")
    assert comment.status == Comment.Status.PENDING
    assert "without a form token" in " ".join(comment.reasons)
    assert "awaiting moderation" in response.content.decode().lower()


def test_token_of_another_article_is_refused(client, article, clock):
    """A form served for one article cannot post to another."""
    other = factories.make_article()
    _, data = form_fields(client, other)
    clock.advance(10)
    data.update(name="Ada", email="ada@example.com", body="Cross-posted.")
    response = client.post(reverse("comments:post", args=[article.pk]), data)
    assert response["Location"].endswith("#respond") and not Comment.objects.exists()


def test_replayed_token_yields_one_comment(client, article, clock):
    """The same form posted again with other text does not create a second comment."""
    action, data = form_fields(client, article)
    clock.advance(10)
    data.update(name="Ada", email="ada@example.com")
    first = client.post(action, {**data, "body": "First text."})
    second = client.post(action, {**data, "body": "Different text."}, follow=True)
    assert first.status_code == 303 and second.status_code == 200
    assert "already sent" in second.content.decode()
    assert Comment.objects.count() == 1
    # The form comes back with a new token that keeps the original serving time.
    again = comment_form(second.content.decode())["fields"]
    assert again["token"] != data["token"] and again["body"] == "Different text."
    assert client.post(action, {**data, **again}).status_code == 303
    assert Comment.objects.count() == 2


def test_a_form_shown_again_keeps_its_timing(client, article, clock):
    """Fixing an error does not restart the 3-second clock, nor forgive a bot's speed."""
    approved(article, email="ada@example.com")
    action, data = form_fields(client, article)
    data.update(name="Ada", email="", body="Quick.")
    clock.advance(1)
    again = comment_form(client.post(action, data, follow=True).content.decode())["fields"]
    again["email"] = "ada@example.com"
    assert client.post(action, again).status_code == 303
    comment = Comment.objects.latest("id")
    assert comment.status == Comment.Status.SPAM  # 1 s after the page was served
    assert "Posted 1.0 s" in comment.reasons[0]


def test_same_text_twice_within_a_day_is_a_duplicate(client, article, clock):
    """The same text (ignoring case and spacing) on an article within a day is rejected."""
    post_comment(client, article, clock, body="Exactly  this.")
    response = post_comment(
        client, article, clock, body="exactly this.", email="b@example.com", follow=True
    )
    assert response.status_code == 200
    assert "already posted this comment" in response.content.decode()
    assert Comment.objects.count() == 1
    # On another article it is fine.
    other = factories.make_article()
    assert post_comment(client, other, clock, body="Exactly this.").status_code == 303


def test_same_text_after_a_day_is_accepted(client, article, clock):
    """A repeat more than a day later is not a duplicate."""
    Comment.objects.create(
        article=article, name="A", email="a@example.com", body="Exactly this.",
        created_at=timezone.now() - timedelta(days=1, minutes=1),
    )  # fmt: skip
    assert post_comment(client, article, clock, body="Exactly this.").status_code == 303
    assert Comment.objects.count() == 2


def test_rate_limit_gives_a_friendly_429(client, article, clock):
    """Five comments in ten minutes pass; the sixth gets the site's 429 page, not a 500."""
    for number in range(5):
        response = post_comment(client, article, clock, body=f"Comment {number}")
        assert response.status_code == 303, number
    response = post_comment(client, article, clock, body="One too many")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    html = response.content.decode()
    assert "Please wait a moment" in html and "site-header" in html
    assert Comment.objects.count() == 5


def test_rate_limit_is_per_client_address(client, article, clock):
    """Another address has its own allowance."""
    rules(rate_limit_count=1)
    assert post_comment(client, article, clock, body="one").status_code == 303
    assert post_comment(client, article, clock, body="two").status_code == 429
    other = post_comment(client, article, clock, body="three", meta={"REMOTE_ADDR": "198.51.100.7"})
    assert other.status_code == 303


def test_rate_limit_is_set_by_the_owner(client, article, clock):
    """Raising the limit in the moderation settings lets more through."""
    rules(rate_limit_count=8)
    codes = [post_comment(client, article, clock, body=f"c{n}").status_code for n in range(9)]
    assert codes == [303] * 8 + [429]


def test_rate_limit_window_ends(client, article, clock):
    """After the window a new allowance starts (the cache entry expires)."""
    from django.core.cache import cache

    from config.ratelimit import client_key

    rules(rate_limit_count=1)
    assert post_comment(client, article, clock, body="one").status_code == 303
    assert post_comment(client, article, clock, body="two").status_code == 429
    cache.delete(client_key("127.0.0.1"))  # what the window's expiry does
    assert post_comment(client, article, clock, body="three").status_code == 303


def test_more_links_than_allowed_are_held(client, article, clock):
    """Three links (more than the default two) hold even a known commenter's comment."""
    approved(article, email="ada@example.com")
    two = "[a](https://a.example) and https://b.example"
    post_comment(client, article, clock, body=two)
    assert Comment.objects.latest("id").status == Comment.Status.APPROVED
    post_comment(client, article, clock, body=two + " and <https://c.example>")
    held = Comment.objects.latest("id")
    assert held.status == Comment.Status.PENDING
    assert held.reasons == ["Contains 3 links (more than 2)."]


@pytest.mark.parametrize(
    ("setting", "value", "fields", "reason"),
    [
        ("blocked_words", "casino\ncheap pills", {"body": "Try our CASINO today"}, "“CASINO”"),
        ("blocked_words", "cheap pills", {"body": "Cheap  pills"}, None),
        ("blocked_words", "casino", {"name": "Casino King"}, "in the name"),
        ("blocked_emails", "ada@example.com", {}, "ada@example.com"),
        ("blocked_emails", "@example.com", {}, "@example.com"),
        ("blocked_ips", "127.0.0.0/8", {}, "127.0.0.1 in 127.0.0.0/8"),
    ],
)
def test_blocklists_send_matches_to_spam(client, article, clock, setting, value, fields, reason):
    """A blocked word (whole words, any case), email, domain or IP network is spam."""
    approved(article, email="ada@example.com")
    rules(**{setting: value})
    post_comment(client, article, clock, **fields)
    comment = Comment.objects.latest("id")
    if reason is None:  # "cheap  pills" with two spaces is not the phrase
        assert comment.status == Comment.Status.APPROVED
    else:
        assert comment.status == Comment.Status.SPAM
        assert reason in " ".join(comment.reasons)


def test_blocked_word_inside_another_word_is_not_a_match(client, article, clock):
    """Blocked words match whole words: "ass" does not catch "classic"."""
    approved(article, email="ada@example.com")
    rules(blocked_words="ass")
    post_comment(client, article, clock, body="A classic move.")
    assert Comment.objects.latest("id").status == Comment.Status.APPROVED


def test_reply_link_works_without_javascript(client, article, clock):
    """?replyto=N shows "Replying to" and posts the reply under N."""
    parent = approved(article, name="Parent Person")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{article.get_absolute_url()}?replyto={parent.pk}#respond"' in html
    page = client.get(f"{article.get_absolute_url()}?replyto={parent.pk}").content.decode()
    assert comment_form(page)["fields"]["reply_to"] == str(parent.pk)
    assert "Replying to" in page and '<p class="comment-replying-to">' in page
    post_comment(client, article, clock, query=f"?replyto={parent.pk}", email="known@example.com")
    reply = Comment.objects.latest("id")
    assert reply.parent == parent and reply.status == Comment.Status.APPROVED
    page = client.get(article.get_absolute_url()).content.decode()
    parent_block = page.split(f'id="comment-{parent.pk}"', 1)[1]
    assert f'id="comment-{reply.pk}" class="comment depth-2"' in parent_block


@pytest.mark.parametrize("kind", ["pending", "other-article", "missing"])
def test_reply_to_an_unavailable_comment_is_refused(client, article, clock, kind):
    """Replies attach only to approved comments of the same article."""
    if kind == "pending":
        target = Comment.objects.create(article=article, name="P", email="p@x.org", body="p")
    elif kind == "other-article":
        target = approved(factories.make_article())
    else:
        target = Comment(pk=99999)
    response = post_comment(client, article, clock, reply_to=str(target.pk), follow=True)
    assert response.status_code == 200
    assert "no longer available" in response.content.decode()
    assert not Comment.objects.filter(body="A thoughtful comment.").exists()


def test_closed_article_shows_no_form_and_refuses_posts(client, article, clock):
    """comments_open off: "Comments are closed", the thread stays, posts get 403."""
    existing = approved(article)
    action, data = form_fields(client, article)
    article.comments_open = False
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Comments are closed" in html and comment_form(html) is None
    assert f'id="comment-{existing.pk}"' in html and "?replyto=" not in html
    clock.advance(10)
    data.update(name="Ada", email="ada@example.com", body="Too late.")
    response = client.post(action, data)
    assert response.status_code == 403 and "Comments are closed" in response.content.decode()
    assert Comment.objects.count() == 1


def test_comments_close_automatically_after_n_days(client, clock):
    """With "close after 30 days", an older article is closed and a newer one open."""
    rules(close_after_days=30)
    old = factories.make_article(published_at=timezone.now() - timedelta(days=31))
    new = factories.make_article(published_at=timezone.now() - timedelta(days=29))
    assert "Comments are closed" in client.get(old.get_absolute_url()).content.decode()
    assert comment_form(client.get(new.get_absolute_url()).content.decode()) is not None
    response = client.post(reverse("comments:post", args=[old.pk]), {"body": "x"})
    assert response.status_code == 403 and not Comment.objects.exists()


def test_unpublished_articles_take_no_comments(client, clock):
    """Posting to a draft is a 404; the post URL answers only POST."""
    draft = factories.make_article(status="draft")
    assert client.post(reverse("comments:post", args=[draft.pk]), {}).status_code == 404
    assert client.get(reverse("comments:post", args=[draft.pk])).status_code == 405


@pytest.mark.parametrize("earlier", [1, 40])
def test_posting_costs_a_bounded_number_of_queries(
    client, article, clock, django_assert_max_num_queries, earlier
):
    """A post costs the same few queries however many comments the article has."""
    for number in range(earlier):
        approved(article, body=f"Earlier {number}")
    action, data = form_fields(client, article)
    data.update(name="Ada", email="known@example.com", body="Counted.")
    clock.advance(10)
    with django_assert_max_num_queries(10):
        assert client.post(action, data).status_code == 303


def test_a_new_post_is_sanitised_once(client, article, clock, monkeypatch):
    """The HTML the link rule counted is the HTML stored: one render per post, not two."""
    action, data = form_fields(client, article)
    renders = count_renders(monkeypatch)
    data.update(name="Ada", email="ada@example.com", body="Once *only*.")
    clock.advance(10)
    assert client.post(action, data).status_code == 303
    assert renders == ["Once *only*."]
    assert Comment.objects.get().body_html == "<p>Once <em>only</em>.</p>"


def test_staff_preview_of_a_draft_has_no_form(client, editor):
    """A draft's preview shows that comments open on publication, and no form."""
    draft = factories.make_article(status="draft")
    client.force_login(editor)
    html = client.get(reverse("blog:preview", args=[draft.pk])).content.decode()
    assert "Comments open when the article is published." in html
    assert comment_form(html) is None


def test_two_readers_of_one_cached_page_can_both_comment(client, article, clock):
    """The page comes from the cache, but each reader's form token is their own."""
    from django.test import Client

    other = Client()
    first = post_comment(client, article, clock, body="First reader's view.")
    second = post_comment(other, article, clock, body="Second reader's view.")
    assert first.status_code == second.status_code == 303
    assert Comment.objects.filter(article=article).count() == 2
