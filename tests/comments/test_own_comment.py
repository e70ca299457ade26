"""A reader sees their own held comment after posting; nobody else does, and no cache keeps it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments import drafts
from comments.models import Comment
from tests import factories
from tests.comments.support import (
    READER_KEY,
    approved,
    comment_form,
    post_comment,
    use_commenter_key,
)

pytestmark = pytest.mark.django_db

BODY = "My own words on the harbour talks."


def test_poster_lands_on_their_held_comment_and_another_reader_does_not_see_it(
    client, article, clock
):
    """The public contract: the redirect leads to the article page showing the comment as
    awaiting moderation; another reader's GET of that page does not contain it."""
    response = post_comment(client, article, clock, body=BODY, follow=False)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(response["Location"])
    assert page.status_code == 200 and page.wsgi_request.path == article.get_absolute_url()
    html = page.content.decode()
    assert BODY in html and "awaiting moderation" in html.lower()
    assert f'id="comment-{comment.pk}"' in html
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    other = Client().get(article.get_absolute_url()).content.decode()
    assert BODY not in other and f'id="comment-{comment.pk}"' not in other


def test_spam_looks_held_to_its_poster(client, article, clock):
    """A honeypot hit is spam, yet its poster sees it awaiting moderation like any other."""
    response = post_comment(client, article, clock, body=BODY, honeypot="http://x.example")
    assert Comment.objects.get().status == Comment.Status.SPAM
    html = client.get(response["Location"]).content.decode()
    assert BODY in html and "awaiting moderation" in html.lower()


def test_another_browser_with_its_own_cookie_does_not_see_it(client, article, clock):
    """Only the commenter key that posted the comment finds it."""
    post_comment(client, article, clock, body=BODY)
    other = Client()
    use_commenter_key(other, "O" * 43)
    html = other.get(article.get_absolute_url()).content.decode()
    assert BODY not in html and "awaiting moderation" not in html.lower()


def test_held_comment_has_no_reply_link_and_is_not_counted(client, article, clock):
    """Nobody can reply to a comment that is not public; the heading counts public ones."""
    approved(article, body="Already public.")
    response = post_comment(client, article, clock, body=BODY)
    comment = Comment.objects.get(body=BODY)
    html = client.get(response["Location"]).content.decode()
    assert BODY in html and f"replyto={comment.pk}" not in html
    assert "1 comment<" in html


def test_held_reply_sits_under_its_parent(client, article, clock):
    """A held reply is shown in its place in the thread, under the comment it answers."""
    parent = approved(article, body="The parent comment.")
    query = f"?replyto={parent.pk}"
    response = post_comment(client, article, clock, body=BODY, query=query, reply_to=parent.pk)
    html = client.get(response["Location"]).content.decode()
    start = html.index(f'id="comment-{parent.pk}"')
    assert start < html.index(BODY) and '<ol class="comment-list">' in html[start:]


def test_approved_comment_shows_once_and_no_longer_as_held(client, article, clock):
    """Once approved, the comment is public and the poster sees it once, not awaiting."""
    response = post_comment(client, article, clock, body=BODY)
    Comment.objects.update(status=Comment.Status.APPROVED)
    client.get(response["Location"])  # the "thank you" message is shown once
    html = client.get(response["Location"]).content.decode()
    assert html.count(BODY) == 1 and "awaiting moderation" not in html.lower()


def test_page_showing_a_held_comment_is_never_stored(client, article, clock, settings):
    """Even if the commenter cookie were treated as shared, the personal page is not cached."""
    response = post_comment(client, article, clock, body=BODY)
    shared = (*settings.PAGE_CACHE["SHARED_COOKIES"], "commenter", "messages")
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "SHARED_COOKIES": shared}
    for _ in range(2):
        page = client.get(response["Location"])
        assert page.get("X-Page-Cache") != "hit" and BODY in page.content.decode()
        assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    assert BODY not in Client().get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("size", [1, 40])
def test_own_held_comments_cost_one_query(article, size):
    """With the cookie: one query more than without, whatever the number of held comments."""
    for number in range(size):
        Comment.objects.create(article=article, name="Ada", email="ada@example.com",
                               body=f"Held {number}", commenter_key=READER_KEY)  # fmt: skip
    anonymous, reader = Client(), Client()
    use_commenter_key(reader, READER_KEY)
    url = article.get_absolute_url()
    anonymous.get(url), reader.get(url)  # warm settings caches
    with CaptureQueriesContext(connection) as base:
        anonymous.get(url + "?uncached=1")  # an unknown parameter: rendered, never stored
    with CaptureQueriesContext(connection) as own:
        html = reader.get(url).content.decode()
    assert html.lower().count("awaiting moderation") >= size
    assert len(own) == len(base) + 1


# --- a post with errors: Post/Redirect/Get -------------------------------------------------


def test_errors_come_back_on_the_article_page_and_reloading_posts_nothing(client, article, clock):
    """The article's own URL shows the errors and the text; a reload shows them again and
    stores nothing; another reader sees neither."""
    response = post_comment(client, article, clock, body=BODY, email="not-an-address")
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#respond"
    for _ in range(2):  # the landing, then a reload
        page = client.get(response["Location"])
        html = page.content.decode()
        assert page.status_code == 200 and "Enter a valid email address." in html
        assert BODY in html and 'value="not-an-address"' in html
        assert "no-store" in page["Cache-Control"]
    assert not Comment.objects.exists()
    other = Client().get(article.get_absolute_url()).content.decode()
    assert BODY not in other and "not-an-address" not in other


def test_fixing_the_errors_posts_once_and_forgets_the_draft(client, article, clock):
    """The form kept from the error posts; afterwards the page shows a blank form again."""
    response = post_comment(client, article, clock, body=BODY, name="", follow=True)
    kept = comment_form(response.content.decode())
    assert kept["fields"]["body"] == BODY
    posted = client.post(kept["action"], {**kept["fields"], "name": "Ada Reader"})
    assert posted.status_code == 303 and Comment.objects.get().body == BODY
    client.get(posted["Location"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert comment_form(html)["fields"]["body"] == "" and "Please give a name" not in html


def test_a_draft_belongs_to_its_article(client, article, clock):
    """The text sent to one article with errors does not appear under another."""
    post_comment(client, article, clock, body=BODY, name="")
    other = factories.make_article()
    assert BODY not in client.get(other.get_absolute_url()).content.decode()


def test_a_forged_draft_cookie_shows_nothing(client, article, clock):
    """A draft cookie that is not signed by the site is ignored."""
    post_comment(client, article, clock, body=BODY, name="")
    draft_id = client.cookies[drafts.COOKIE_NAME].value.split(":")[0]
    client.cookies[drafts.COOKIE_NAME] = draft_id  # unsigned
    assert BODY not in client.get(article.get_absolute_url()).content.decode()
