"""Helpers for the comments tests: read the article page's form and post it like a reader."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser

from django.core import signing

from comments import identity
from comments.models import Comment, ModerationSettings
from tests import factories

# The browser of "the reader" in these tests: ``approved()`` comments were written from it,
# and ``post_comment`` posts from it unless the client already has a commenter cookie.
READER_KEY = "R" * identity.KEY_LENGTH

TWELVE_SECONDS = 12  # a reader's typing time: past the 3 s minimum, far from the 2-day limit


class Clock:
    """Stands in for ``comments.tokens.current_time`` so tests move time instead of sleeping."""

    def __init__(self):
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class CommentFormParser(HTMLParser):
    """The fields of the <form> that contains a <textarea>: the public contract."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action"), "fields": {}, "has_textarea": False,
                          "token_url": attrs.get("data-token-url")}  # fmt: skip
        elif self._form is not None and tag == "input" and attrs.get("name"):
            if attrs.get("type") == "checkbox":
                return
            self._form["fields"][attrs["name"]] = attrs.get("value") or ""
        elif self._form is not None and tag == "textarea":
            self._form["has_textarea"] = True
            self._textarea = attrs.get("name")
            self._form["fields"][self._textarea] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            # As browsers do: a newline right after <textarea> is not part of the value.
            value = self._form["fields"][self._textarea]
            self._form["fields"][self._textarea] = value.removeprefix("\n")
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def comment_form(html: str) -> dict | None:
    parser = CommentFormParser()
    parser.feed(html)
    return next((form for form in parser.forms if form["has_textarea"]), None)


def form_fields(client, article, query: str = "", *, javascript=True) -> tuple[str, dict]:
    """The comment form's action and its fields as the page serves them; with
    ``javascript``, the token the reader's browser fetches when they start typing
    (static/js/form-token.js) when the page carries none."""
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    form = comment_form(response.content.decode())
    assert form is not None, "no comment form on the page"
    fields = dict(form["fields"])
    if javascript and not fields.get("token") and form["token_url"]:
        answer = client.get(form["token_url"])
        assert answer.status_code == 200
        fields["token"] = answer.json()["token"]
    return form["action"], fields


def post_comment(
    client, article, clock, *, wait=TWELVE_SECONDS, query="", meta=None, follow=False,
    javascript=True, **fields,
):  # fmt: skip
    """Load the article page, "type" for ``wait`` seconds, then post the form.

    ``fields`` override what the reader types (None leaves a field out); ``meta`` adds
    request headers and REMOTE_ADDR as the server sees them; ``follow`` follows the redirect
    (an invalid post is redirected to the article page, which shows the errors).
    """
    if identity.COOKIE_NAME not in client.cookies:
        use_commenter_key(client, READER_KEY)
    action, data = form_fields(client, article, query, javascript=javascript)
    data.update({"name": "Ada Reader", "email": "ada@example.com", "body": "A thoughtful comment."})
    data.update({key: value for key, value in fields.items() if value is not None})
    for key in [key for key, value in fields.items() if value is None]:
        data.pop(key, None)
    clock.advance(wait)
    return client.post(action, data, follow=follow, **(meta or {}))


def rules(**changes) -> ModerationSettings:
    """Change the owner's moderation settings as the admin would (saved, cache refreshed)."""
    return factories.update_settings(ModerationSettings, **changes)


def use_commenter_key(client, key: str) -> None:
    """Give the test client the signed commenter cookie a post would have set."""
    signer = signing.get_cookie_signer(salt=identity.COOKIE_NAME + identity.SALT)
    client.cookies[identity.COOKIE_NAME] = signer.sign(key)


def approved(article, *, email="known@example.com", **fields) -> Comment:
    """An approved comment, written from the test reader's browser (``READER_KEY``)."""
    fields.setdefault("name", "Known Reader")
    fields.setdefault("commenter_key", READER_KEY)
    fields.setdefault("body", f"An earlier approved comment {time.monotonic_ns()}.")
    return Comment.objects.create(article=article, email=email, status="approved", **fields)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def comment_bodies(html: str) -> list[str]:
    """The sanitised body of each comment on a page (bodies never contain "</div>")."""
    return re.findall(r'<div class="comment-body prose">(.*?)</div>', html, re.S)


def comment_list(html: str) -> str:
    """The thread part of an article page: from the first comment to the reply form."""
    start = html.index('<ol class="comment-list">')
    end = html.index('<div id="respond"', start) if '<div id="respond"' in html else len(html)
    return html[start:end]


def count_renders(monkeypatch) -> list[str]:
    """From now on, each comment body the one sanitiser renders (it still renders them)."""
    from blog import markup

    rendered: list[str] = []
    real = markup.render_markdown

    def spy(text, *args, **kwargs):
        if kwargs.get("profile") == markup.COMMENT:
            rendered.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(markup, "render_markdown", spy)
    return rendered
