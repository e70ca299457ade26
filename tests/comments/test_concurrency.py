"""Many readers at once, against a live server with real threads (SQLite and PostgreSQL)."""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core import mail
from django.urls import reverse

from comments.models import Comment, render_body
from tests.comments.support import approved, comment_form, rules
from tests.hostile_inputs import HOSTILE_INPUTS

READERS = 50
REPLAYS = 20
MODERATORS = 16
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # we want to see the 303 itself


class Reader:
    """One browser: its own cookies (CSRF), loading the page, then posting the form."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.locations: list[str] = []  # where each 303 sent the browser
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects()
        )

    def load_form(self, path: str) -> tuple[str, dict]:
        """The comment form's fields, with the token the page's script fetches."""
        with self.opener.open(self.base_url + path, timeout=60) as response:
            form = comment_form(response.read().decode())
        fields = dict(form["fields"])
        with self.opener.open(self.base_url + form["token_url"], timeout=60) as response:
            fields["token"] = json.loads(response.read())["token"]
        return form["action"], fields

    def post(self, action: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base_url + action, data=body, method="POST")
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            if error.code == 303:
                self.locations.append(error.headers["Location"])
            return error.code


class Moderator(Reader):
    """A moderator's browser: logs in to the admin, then opens pages and presses their button."""

    def csrf_token(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=60) as response:
            return CSRF_FIELD.search(response.read().decode())[1]

    def log_in(self, username: str, password: str) -> None:
        token = self.csrf_token("/admin/login/")
        credentials = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        assert self.post("/admin/login/", credentials) == 302


def run_together(count: int, work) -> list:
    """Run ``work(index)`` in ``count`` threads released at the same moment."""
    results: list = [None] * count
    start = threading.Barrier(count)

    def run(index):
        start.wait()
        try:
            results[index] = work(index)
        except Exception as error:  # reported in the assertion, not lost in a thread
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def server(live_server):
    """The live server, accepting as many waiting connections as a production server would.

    Django's test server listens with a backlog of 10 (gunicorn: 2048), so fifty connections
    opened at the same instant overflow it and get reset before Django sees them.
    """
    live_server.thread.httpd.socket.listen(128)
    return live_server


@pytest.mark.django_db(transaction=True)
def test_fifty_readers_posting_at_once_lose_nothing(server, article, clock):
    """50 simultaneous posts to one article: 50 comments stored, every answer a 303."""
    rules(rate_limit_count=1000, hold_first_time=False)
    path = article.get_absolute_url()
    readers = [Reader(server.url) for _ in range(READERS)]
    forms = run_together(READERS, lambda i: readers[i].load_form(path))
    clock.advance(15)  # the readers type for a while

    def post(index):
        action, data = forms[index]
        data.update(name=f"Reader {index}", email=f"reader{index}@example.com",
                    body=f"Comment number {index}, posted with everyone else.")  # fmt: skip
        return readers[index].post(action, data)

    statuses = run_together(READERS, post)
    assert statuses == [303] * READERS
    assert Comment.objects.filter(article=article).count() == READERS
    assert Comment.objects.filter(status="approved").count() == READERS


@pytest.mark.django_db(transaction=True)
def test_a_token_replayed_twenty_times_at_once_yields_one_comment(server, article, clock):
    """The same form token posted 20 times concurrently stores one comment at most."""
    rules(rate_limit_count=1000)
    reader = Reader(server.url)
    action, data = reader.load_form(article.get_absolute_url())
    clock.advance(15)

    def replay(index):
        return reader.post(action, {**data, "name": "Bot", "email": "bot@example.com",
                                    "body": f"Replay number {index}"})  # fmt: skip

    statuses = run_together(REPLAYS, replay)
    assert all(isinstance(code, int) and code < 500 for code in statuses), statuses
    assert Comment.objects.count() <= 1
    # Every answer is a redirect: to the comment, or back to the form ("#respond").
    assert statuses.count(303) == REPLAYS
    accepted = [place for place in reader.locations if not place.endswith("#respond")]
    assert len(accepted) == Comment.objects.count()


def test_sanitising_in_eight_threads_matches_one_thread():
    """Comment bodies render byte for byte the same when eight threads sanitise at once."""
    texts = [text for _, text in HOSTILE_INPUTS]
    expected = [render_body(text) for text in texts]
    results = run_together(8, lambda _: [render_body(text) for text in texts])
    assert all(result == expected for result in results)


@pytest.mark.django_db(transaction=True)
def test_moderators_approving_one_reply_at_once_email_its_parent_once(server, article, moderator):
    """16 moderators press "Approve" on the same held reply at once: its parent gets one email."""
    parent = approved(article, email="parent@example.com", notify_replies=True)
    reply = Comment.objects.create(article=article, parent=parent, name="Replier",
                                   email="replier@example.com", body="A held reply")  # fmt: skip
    path = reverse("admin:comments_comment_moderate", args=[reply.pk, "approve"])
    moderators = [Moderator(server.url) for _ in range(MODERATORS)]
    for browser in moderators:
        browser.log_in(moderator.username, "correct horse battery staple")
    tokens = [browser.csrf_token(path) for browser in moderators]  # the confirmation pages

    def press_approve(index):
        return moderators[index].post(path, {"csrfmiddlewaretoken": tokens[index]})

    assert run_together(MODERATORS, press_approve) == [302] * MODERATORS
    reply.refresh_from_db()
    assert reply.status == Comment.Status.APPROVED and reply.parent_notified
    assert [message.to for message in mail.outbox if "New reply" in message.subject] == [
        ["parent@example.com"]
    ]
