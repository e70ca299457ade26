"""Presence: the change form says who else has the article open, and since when."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsroom import presence
from newsroom.models import EditingPresence
from tests import factories
from tests.newsroom.support import change_form_data, change_url, member

pytestmark = pytest.mark.django_db


def presence_url(article) -> str:
    return reverse("admin:blog_article_presence", args=[article.pk])


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def article():
    return factories.make_article(sections=factories.standard_sections())


def test_the_form_names_who_else_has_the_article_open_and_since_when(article):
    """Edna opens the form at 10:40; Dana's form names her, in the site's time zone."""
    edna = member("Editors", first_name="Edna", last_name="Ward")
    dana = member("Editors", first_name="Dana", last_name="Roe")
    opened = timezone.now() - timedelta(seconds=30)
    presence.heartbeat(article_id=article.pk, user=edna, now=opened)
    html = logged_in(dana).get(change_url(article)).content.decode()
    since = timezone.localtime(opened).strftime("%H:%M")
    assert f"Edna Ward (since {since}) also has this article open." in html
    assert "Dana Roe" not in html.split('id="presence-notice"')[1].split("</p>")[0]


def test_nobody_else_here_means_no_notice(article):
    html = logged_in(member("Editors")).get(change_url(article)).content.decode()
    assert 'id="presence-notice" role="status"' in html
    assert "also has this article open" not in html


def test_the_heartbeat_answers_with_the_current_notice(article):
    """The form updates its notice without reloading, from each heartbeat's answer."""
    edna = member("Editors", first_name="Edna", last_name="Ward")
    dana_client = logged_in(member("Editors", first_name="Dana", last_name="Roe"))
    assert dana_client.post(presence_url(article)).json() == {"notice": ""}
    logged_in(edna).post(presence_url(article))
    assert "Edna Ward (since" in dana_client.post(presence_url(article)).json()["notice"]


def test_several_people_are_listed_longest_first(article):
    first = member("Editors", first_name="Ann", last_name="First")
    second = member("Editors", first_name="Ben", last_name="Second")
    now = timezone.now()
    presence.heartbeat(article_id=article.pk, user=second, now=now - timedelta(seconds=10))
    presence.heartbeat(article_id=article.pk, user=first, now=now - timedelta(seconds=50))
    notice = presence.notice(presence.others(article=article, user=member("Editors")))
    assert notice.startswith("Ann First (since")
    assert "and Ben Second (since" in notice
    assert "also have this article open" in notice


def test_since_keeps_its_time_while_they_stay_and_restarts_after_they_left(article):
    edna = member("Editors")
    start = timezone.now() - timedelta(minutes=10)
    presence.heartbeat(article_id=article.pk, user=edna, now=start)
    presence.heartbeat(article_id=article.pk, user=edna, now=start + timedelta(seconds=30))
    assert EditingPresence.objects.get().since == start
    later = start + timedelta(seconds=30) + EditingPresence.TIMEOUT + timedelta(seconds=1)
    presence.heartbeat(article_id=article.pk, user=edna, now=later)
    assert EditingPresence.objects.get().since == later


def test_someone_whose_heartbeats_stopped_is_no_longer_shown(article):
    edna = member("Editors")
    presence.heartbeat(
        article_id=article.pk,
        user=edna,
        now=timezone.now() - EditingPresence.TIMEOUT - timedelta(1),
    )
    assert presence.others(article=article, user=member("Editors")) == []


def test_leaving_the_page_removes_them_at_once(article):
    edna, dana = member("Editors"), member("Editors")
    edna_client = logged_in(edna)
    edna_client.post(presence_url(article))
    assert edna_client.post(presence_url(article), {"leaving": "1"}).status_code == 200
    assert presence.others(article=article, user=dana) == []


def test_presence_is_only_for_people_who_may_open_the_article(article, client):
    """Anonymous: the login wall; another author's article: 404; GET: not allowed."""
    assert client.post(presence_url(article)).status_code == 302
    assert logged_in(member("Authors")).post(presence_url(article)).status_code == 404
    assert logged_in(member("Editors")).get(presence_url(article)).status_code == 405
    assert not EditingPresence.objects.exists()


def test_presence_needs_the_csrf_token(article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member("Editors"))
    assert client.post(presence_url(article)).status_code == 403


def test_opening_the_form_says_so_at_once(article):
    """Before any heartbeat: Edna's opening the form is enough for Dana's form to name her."""
    logged_in(member("Editors", first_name="Edna", last_name="Ward")).get(change_url(article))
    html = logged_in(member("Editors")).get(change_url(article)).content.decode()
    assert "Edna Ward (since" in html


def test_an_author_editing_their_proposal_is_present_too(desk):
    """Their form is shown from a rolled-back savepoint; their presence is kept all the same."""
    alice, live = desk["alice"], desk["alice_live"]
    client = logged_in(alice)
    client.post(change_url(live), change_form_data(live, title="Proposed"))
    assert live.proposals.pending().exists()
    assert client.get(change_url(live)).status_code == 200
    html = logged_in(desk["editor"]).get(change_url(live)).content.decode()
    assert "Alice Moss (since" in html
