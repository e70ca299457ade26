"""Threat: a stranger posing as a trusted commenter or as staff, or using reply emails.

An approved comment vouches for its email address only from the browser that wrote it (a
signed commenter cookie whose key is stored on the comment); reply emails carry the site's
words and a link, never the replier's name or text, at most N a day per address; names lose
bidi and zero-width characters, are isolated in ``<bdi>``, and cannot be a staff name.
"""

import pytest
from django.core import mail
from django.test import Client

from comments import identity, moderation, tokens
from comments.models import Comment
from tests import factories
from tests.comments.support import Clock, approved, messages_of, post_comment, use_commenter_key

pytestmark = pytest.mark.django_db

HELD = "Thank you — your comment is awaiting moderation."


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(tokens, "current_time", fake)
    return fake


@pytest.fixture
def article():
    author = factories.make_user(
        username="hale", first_name="Miriam", last_name="Hale", email="hale@example.com",
        is_staff=True,
    )  # fmt: skip
    return factories.make_article(
        title="Harbour Talks Reopen", sections=factories.standard_sections(), author=author
    )


@pytest.fixture
def moderator():
    from django.contrib.auth.models import Permission

    user = factories.make_editor(username="mod", email="mod@example.com")
    user.user_permissions.add(Permission.objects.get(codename="can_moderate"))
    return user


def fresh_browser() -> Client:
    return Client()


def test_an_approved_address_typed_in_another_browser_is_still_held(article, clock, moderator):
    """The impostor knows the regular's email but not their browser's key: held."""
    regular = fresh_browser()
    post_comment(regular, article, clock, email="regular@example.com", body="First.")
    moderation.approve(comment=Comment.objects.get(), moderator=moderator)
    impostor = fresh_browser()
    use_commenter_key(impostor, identity.new_key())  # a cookie of its own, not the regular's
    response = post_comment(impostor, article, clock, email="regular@example.com", body="Spam!")
    assert messages_of(response) == [HELD]
    assert Comment.objects.get(body="Spam!").status == Comment.Status.PENDING


def test_the_regulars_own_browser_is_trusted(article, clock, moderator):
    """The browser whose comment was approved posts straight to the page afterwards."""
    regular = fresh_browser()
    first = post_comment(regular, article, clock, email="regular@example.com", body="First.")
    assert identity.COOKIE_NAME in first.cookies
    moderation.approve(comment=Comment.objects.get(), moderator=moderator)
    post_comment(regular, article, clock, email="regular@example.com", body="Second.")
    assert Comment.objects.get(body="Second.").status == Comment.Status.APPROVED


def test_the_key_alone_without_the_email_does_not_vouch(article, clock):
    """The same browser with another address is a first-time commenter for that address."""
    browser = fresh_browser()
    use_commenter_key(browser, "K" * identity.KEY_LENGTH)
    approved(article, email="regular@example.com", commenter_key="K" * identity.KEY_LENGTH)
    post_comment(browser, article, clock, email="someone-else@example.com", body="Hi.")
    assert Comment.objects.get(body="Hi.").status == Comment.Status.PENDING


@pytest.mark.parametrize("forged", ["unsigned", "wrong-salt", "tampered"])
def test_a_forged_commenter_cookie_vouches_for_nothing(article, clock, forged):
    """A cookie the server did not sign is ignored: the impostor is held."""
    from django.core import signing

    key = "K" * identity.KEY_LENGTH
    approved(article, email="regular@example.com", commenter_key=key)
    impostor = fresh_browser()
    value = {
        "unsigned": key,
        "wrong-salt": signing.get_cookie_signer(salt="other").sign(key),
        "tampered": signing.get_cookie_signer(salt=identity.COOKIE_NAME + identity.SALT).sign(key)[
            :-2
        ]
        + "xx",
    }[forged]
    impostor.cookies[identity.COOKIE_NAME] = value
    post_comment(impostor, article, clock, email="regular@example.com", body="Trust me.")
    assert Comment.objects.get(body="Trust me.").status == Comment.Status.PENDING


def test_the_commenter_cookie_is_signed_httponly_and_samesite(article, clock):
    """Scripts cannot read the cookie and other sites' forms do not send it."""
    response = post_comment(fresh_browser(), article, clock, body="Hello.")
    cookie = response.cookies[identity.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    stored = Comment.objects.get().commenter_key
    assert len(stored) == identity.KEY_LENGTH and cookie.value != stored  # signed, not raw


def test_reply_emails_carry_no_name_or_text_of_the_replier(
    article, clock, django_capture_on_commit_callbacks, settings
):
    """A stranger's reply cannot put their words or name into someone's inbox."""
    settings.BROADSHEET = {**settings.BROADSHEET, "SITE_URL": "https://news.example"}
    parent = approved(article, email="victim@example.com", notify_replies=True)
    approved(article)  # the replier is a known commenter: the reply is published at once
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(
            Client(), article, clock, query=f"?replyto={parent.pk}", name="Cheap Pills Shop",
            body="Buy now at pills.example", email="known@example.com",
        )  # fmt: skip
    to_victim = [m for m in mail.outbox if m.to == ["victim@example.com"]]
    assert len(to_victim) == 1
    message = to_victim[0]
    for words in ("Cheap Pills", "pills.example", "Buy now"):
        assert words not in message.subject and words not in message.body
    assert "https://news.example/" in message.body


def test_reply_emails_are_capped_per_address_per_day(
    article, clock, django_capture_on_commit_callbacks, settings
):
    """However many replies are approved, one address gets at most N reply emails a day."""
    settings.COMMENTS = {**settings.COMMENTS, "REPLY_EMAILS_PER_DAY": 2}
    parents = [
        approved(article, email="busy@example.com", notify_replies=True, body=f"P{n}")
        for n in range(4)
    ]
    approved(article)  # the replier is a known commenter: replies are published at once
    for number, parent in enumerate(parents):
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(Client(), article, clock, query=f"?replyto={parent.pk}",
                         body=f"Reply {number}", email="known@example.com")  # fmt: skip
    assert len([m for m in mail.outbox if m.to == ["busy@example.com"]]) == 2


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ada \u202eReader", "Ada Reader"),
        ("\u2067Ada\u2069 Reader\u200f", "Ada Reader"),
        ("A\u200bda\u200c Rea\u200dder\u2060\ufeff", "Ada Reader"),
        ("\u061cAda\u200e Reader\u202a\u202b\u202c\u202d\u2066\u2068", "Ada Reader"),
    ],
)
def test_bidi_and_zero_width_characters_are_stripped_from_names(article, clock, typed, stored):
    """Direction overrides and invisible characters never reach the stored name."""
    post_comment(fresh_browser(), article, clock, name=typed)
    assert Comment.objects.get().name == stored


def test_a_name_of_only_invisible_characters_is_refused(article, clock):
    """A name that is empty once cleaned is a form error, with the text kept."""
    response = post_comment(
        fresh_browser(), article, clock, name="\u202e\u200b", body="Kept.", follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Please give a name" in html and "Kept." in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["Miriam Hale", "miriam  HALE", "MiriamHale", "Miriam\u200bHale", "Ｍｉｒｉａｍ Ｈａｌｅ",
     "hale", "HALE", "mod"],
)  # fmt: skip
def test_staff_names_and_usernames_are_reserved(article, clock, moderator, name):
    """A commenter cannot post under a staff member's display name or username."""
    response = post_comment(
        fresh_browser(), article, clock, name=name, body="Official news.", follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "is the name of a member of our newsroom" in html
    assert "Official news." in html  # nothing typed is lost
    assert not Comment.objects.exists()


def test_readers_may_share_a_first_name_with_staff(article, clock):
    """Only the whole display name is reserved: "Miriam" alone is anyone's name."""
    post_comment(fresh_browser(), article, clock, name="Miriam")
    assert Comment.objects.get().name == "Miriam"


def test_names_are_isolated_on_the_page(client, article):
    """Each name sits in <bdi>, so right-to-left text cannot reorder the date beside it."""
    approved(article, name="שרה כהן", body="Shalom.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<bdi>שרה כהן</bdi>" in html
