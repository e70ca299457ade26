""" "Check now" from the admin: the request only starts the check; a background thread checks
the links against a local test server and records what the command records."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from affiliates.models import AffiliateLink, LinkCheckRun
from tests import factories
from tests.affiliates.factories import make_link
from tests.affiliates.shop import Shop

# The thread works on its own database connection: it sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

CHECK_ALL_URL = reverse("admin:affiliates_affiliatelink_check_all")
LIST_URL = reverse("admin:affiliates_affiliatelink_changelist")


@pytest.fixture
def fast_checks(settings):
    settings.AFFILIATES = {**settings.AFFILIATES, "HEALTH_CHECK_TIMEOUT": 2.0}


def check_url(link):
    return reverse("admin:affiliates_affiliatelink_check", args=[link.pk])


def wait_until_finished(client, status_url: str, seconds: float = 20) -> dict:
    """Poll the status as the page's script does, until the run has finished."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = client.get(status_url, {"format": "json"}).json()
        if state["finished"]:
            return state
        time.sleep(0.05)
    raise AssertionError(f"the check did not finish in {seconds} s: {state}")


def test_check_now_answers_at_once_and_records_as_the_command_does(
    admin_client_logged, shop, fast_checks
):
    """One slow destination: the POST returns before it times out; the result comes later."""
    slow = make_link(slug="slow", destination_url=f"{shop}/slow")
    started = time.monotonic()
    response = admin_client_logged.post(check_url(slow))
    assert time.monotonic() - started < 2  # the request did not wait for the 2 s timeout
    assert response.status_code == 302
    status_url = response["Location"]
    assert not admin_client_logged.get(status_url, {"format": "json"}).json()["finished"]
    page = admin_client_logged.get(status_url).content.decode()
    assert '<progress id="link-check-bar" max="1" value="0">' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    state = wait_until_finished(admin_client_logged, status_url)
    assert state == {
        "state": "finished", "finished": True, "checked": 1, "total": 1, "broken": 1,
        "message": "Done: 1 of 1 checked, 1 broken.",
    }  # fmt: skip
    slow.refresh_from_db()
    assert slow.health == AffiliateLink.Health.BROKEN
    assert slow.last_error == "no answer within 2 s"  # the command's words
    page = admin_client_logged.get(status_url).content.decode()
    assert "no answer within 2 s" in page and "refresh" not in page


def test_check_all_links_checks_the_active_ones_with_progress(admin_client_logged, shop):
    """The list's button checks every active link (as the nightly command), in batches."""
    links = {
        path: make_link(slug=path.strip("/"), destination_url=f"{shop}{path}")
        for path in ["/ok", "/missing", "/moved", "/no-head", "/loop"]
    }
    inactive = make_link(destination_url=f"{shop}/ok", is_active=False)
    html = admin_client_logged.get(LIST_URL).content.decode()
    assert f'<form method="post" action="{CHECK_ALL_URL}"' in html
    response = admin_client_logged.post(CHECK_ALL_URL)
    state = wait_until_finished(admin_client_logged, response["Location"])
    assert (state["checked"], state["total"], state["broken"]) == (5, 5, 2)
    health = {path: AffiliateLink.objects.get(pk=link.pk).health for path, link in links.items()}
    assert health == {
        "/ok": "ok", "/missing": "broken", "/moved": "ok", "/no-head": "ok", "/loop": "broken",
    }  # fmt: skip
    inactive.refresh_from_db()
    assert inactive.health == AffiliateLink.Health.UNCHECKED
    page = admin_client_logged.get(response["Location"]).content.decode()
    assert "HTTP 404 Not Found" in page and "more than 5 redirects" in page


def test_list_action_checks_the_selected_links(admin_client_logged, shop):
    chosen = make_link(destination_url=f"{shop}/missing", is_active=False)
    other = make_link(destination_url=f"{shop}/ok")
    response = admin_client_logged.post(
        LIST_URL, {"action": "check_selected_now", "_selected_action": [chosen.pk]}
    )
    wait_until_finished(admin_client_logged, response["Location"])
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.health, chosen.last_status) == (AffiliateLink.Health.BROKEN, 404)
    assert other.health == AffiliateLink.Health.UNCHECKED


def test_check_now_refuses_private_addresses_like_the_command(admin_client_logged, local_shop):
    """Without HEALTH_CHECK_ALLOW_PRIVATE no request reaches 127.0.0.1: recorded as broken."""
    link = make_link(destination_url=f"{local_shop}/ok")
    response = admin_client_logged.post(check_url(link))
    wait_until_finished(admin_client_logged, response["Location"])
    link.refresh_from_db()
    assert link.health == AffiliateLink.Health.BROKEN
    assert link.last_error.startswith("refused: private address")
    assert Shop.seen == []


def test_a_second_click_joins_the_check_under_way(admin_client_logged, shop, fast_checks):
    slow = make_link(destination_url=f"{shop}/slow")
    first = admin_client_logged.post(check_url(slow))["Location"]
    second = admin_client_logged.post(check_url(slow))["Location"]
    assert first == second
    wait_until_finished(admin_client_logged, first)
    assert LinkCheckRun.objects.count() == 1


def test_a_stalled_check_can_be_continued(admin_client_logged, shop):
    """A run whose thread died (a worker restart) says so, and Continue finishes it."""
    done, left = (
        make_link(destination_url=f"{shop}/missing"),
        make_link(destination_url=f"{shop}/ok"),
    )
    long_ago = timezone.now() - timedelta(hours=1)
    run = LinkCheckRun.objects.create(
        link_ids=[done.pk, left.pk], checked=1, broken=1, worker="gone",
        requested_at=long_ago, heartbeat_at=long_ago,
    )  # fmt: skip
    status_url = reverse("admin:affiliates_affiliatelink_check_status", args=[run.pk])
    page = admin_client_logged.get(status_url).content.decode()
    assert "The check stopped after 1 of 2 checked, 1 broken" in page
    assert "Continue the check" in page
    response = admin_client_logged.post(
        reverse("admin:affiliates_affiliatelink_check_resume", args=[run.pk])
    )
    assert response["Location"] == status_url
    state = wait_until_finished(admin_client_logged, status_url)
    assert (state["checked"], state["broken"]) == (2, 1)
    left.refresh_from_db()
    done.refresh_from_db()
    assert left.health == AffiliateLink.Health.OK
    assert done.health == AffiliateLink.Health.UNCHECKED  # done before the stall: not redone


def test_check_now_needs_a_post_and_the_permission_to_change_links(client, admin_client_logged):
    link = make_link()
    assert admin_client_logged.get(check_url(link)).status_code == 405
    assert admin_client_logged.get(CHECK_ALL_URL).status_code == 405
    run = LinkCheckRun.objects.create(link_ids=[link.pk])
    status_url = reverse("admin:affiliates_affiliatelink_check_status", args=[run.pk])
    admin_client_logged.logout()
    author = factories.make_user(is_staff=True)
    author.groups.add(Group.objects.get(name="Authors"))
    client.force_login(author)
    assert client.post(check_url(link)).status_code == 403
    assert client.post(CHECK_ALL_URL).status_code == 403
    assert client.get(status_url).status_code == 403
    assert "Check all links now" not in client.get(LIST_URL).content.decode()
    assert LinkCheckRun.objects.count() == 1


def test_the_links_page_offers_check_now_with_its_health(admin_client_logged):
    link = make_link()
    html = admin_client_logged.get(
        reverse("admin:affiliates_affiliatelink_change", args=[link.pk])
    ).content.decode()
    assert f'<form method="post" action="{check_url(link)}"' in html
    assert "Not checked yet" in html


@pytest.mark.parametrize("links", [1, 60])
def test_status_page_costs_the_same_for_any_number_of_links(
    admin_client_logged, django_assert_max_num_queries, links
):
    """Session, user, the run (with its link), the broken links found: never one per link."""
    made = [make_link() for _ in range(links)]
    AffiliateLink.objects.filter(pk__in=[link.pk for link in made]).update(
        health=AffiliateLink.Health.BROKEN, last_status=404, last_checked_at=timezone.now()
    )
    run = LinkCheckRun.objects.create(
        link_ids=[link.pk for link in made], checked=links, broken=links,
        requested_at=timezone.now() - timedelta(minutes=1), finished_at=timezone.now(),
    )  # fmt: skip
    status_url = reverse("admin:affiliates_affiliatelink_check_status", args=[run.pk])
    with django_assert_max_num_queries(4):
        html = admin_client_logged.get(status_url).content.decode()
    assert html.count("HTTP 404") == min(links, 50)
    with django_assert_max_num_queries(3):
        admin_client_logged.get(status_url, {"format": "json"})


def test_finished_checks_older_than_30_days_are_forgotten(admin_client_logged, local_shop):
    link = make_link(destination_url=f"{local_shop}/ok")
    old = LinkCheckRun.objects.create(
        link_ids=[link.pk], finished_at=timezone.now() - timedelta(days=31)
    )
    recent = LinkCheckRun.objects.create(
        link_ids=[link.pk], finished_at=timezone.now() - timedelta(days=29)
    )
    response = admin_client_logged.post(check_url(link))
    wait_until_finished(admin_client_logged, response["Location"])
    assert not LinkCheckRun.objects.filter(pk=old.pk).exists()
    assert LinkCheckRun.objects.filter(pk=recent.pk).exists()
