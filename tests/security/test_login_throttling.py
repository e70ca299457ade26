"""Threat: guessing a staff password through the admin login form.

django-axes locks one account out for one address after 10 failures (the right password is
refused there for the cool-off period); one address also has an allowance over all
accounts; the owners are emailed; the client address cannot be forged.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.66"


@pytest.fixture
def staff():
    return factories.make_user(username="miriam", is_staff=True, is_superuser=True)


def log_in(client, username, password, address=ATTACKER, **headers):
    return client.post(
        LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address,
        headers=headers,
    )  # fmt: skip


def is_logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def fail(client, times, username="miriam", address=ATTACKER, **headers):
    for number in range(times):
        response = log_in(client, username, f"guess-{number}", address, **headers)
        assert response.status_code in (200, 429)


def test_the_right_password_is_refused_after_ten_failures_with_a_message(client, staff):
    """After 10 failed logins for one account from one address, the right password is
    refused for that account from that address, and the page says why."""
    fail(client, 10)
    response = log_in(client, "miriam", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed logins to this account from your address" in html
    assert "30 minutes" in html
    assert not is_logged_in(client)


def test_nine_failures_do_not_lock_the_account(client, staff):
    """The limit is ten: a reader who mistypes nine times still gets in."""
    fail(client, 9)
    assert log_in(client, "miriam", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_the_lockout_ends_after_the_cool_off(client, staff):
    """Once the cool-off period has passed the right password works again."""
    fail(client, 10)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert log_in(client, "miriam", PASSWORD).status_code == 302


def test_the_lockout_does_not_shut_the_owner_out_from_elsewhere(client, staff):
    """An attacker's failures lock the account only for the attacker's address."""
    fail(client, 10)
    assert log_in(client, "miriam", PASSWORD, address="198.51.100.20").status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_lockout(client, staff):
    """Without a trusted proxy, X-Forwarded-For is ignored: a new value is the same address."""
    for number in range(10):
        log_in(client, "miriam", f"guess-{number}", **{"X-Forwarded-For": f"10.1.1.{number}"})
    response = log_in(client, "miriam", PASSWORD, **{"X-Forwarded-For": "192.0.2.99"})
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_real_client_is_locked(client, staff, settings):
    """With a declared proxy, the forwarded client is the one locked out, not the proxy."""
    settings.CLIENT_IP = {"TRUSTED_PROXY_COUNT": 1}
    fail(client, 10, address="10.0.0.2", **{"X-Forwarded-For": ATTACKER})
    assert (
        log_in(client, "miriam", PASSWORD, "10.0.0.2", **{"X-Forwarded-For": ATTACKER}).status_code
        == 429
    )
    assert (
        log_in(
            client, "miriam", PASSWORD, "10.0.0.2", **{"X-Forwarded-For": "198.51.100.3"}
        ).status_code
        == 302
    )


def test_one_address_trying_many_accounts_is_paused(client, staff, settings):
    """Past LOGIN_FAILURES_PER_ADDRESS failures over any accounts, the address is refused."""
    settings.LOGIN_FAILURES_PER_ADDRESS = 15
    for name in ("anna", "bob", "carl"):
        fail(client, 5, username=name)
    response = log_in(client, "miriam", PASSWORD)
    assert "Too many failed logins from your address" in response.content.decode()
    assert not is_logged_in(client)
    assert log_in(client, "miriam", PASSWORD, address="198.51.100.20").status_code == 302


def test_a_lockout_emails_the_owners(client, staff, mailoutbox, django_capture_on_commit_callbacks):
    """The superusers are told which account was locked, from where, and how to lift it."""
    with django_capture_on_commit_callbacks(execute=True):
        fail(client, 10)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [staff.email]
    assert "miriam" in message.subject
    assert ATTACKER in message.body and "axes_reset_username" in message.body


def test_a_lockout_of_a_made_up_account_emails_nobody(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    """Failures against a name that is no staff account lock it but send no email."""
    with django_capture_on_commit_callbacks(execute=True):
        fail(client, 10, username="no-such-user\nBcc: victim@example.com")
    assert mailoutbox == []


def test_password_validators_refuse_weak_passwords_in_the_admin(admin_client_logged):
    """Django's password validators are on: the admin's add-user form refuses "password"."""
    response = admin_client_logged.post(
        "/admin/auth/user/add/",
        {"username": "newbie", "password1": "password", "password2": "password",
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not get_user_model().objects.filter(username="newbie").exists()
