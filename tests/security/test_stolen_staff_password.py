"""Threat: a stolen staff password. Two-factor authentication (TOTP, django-otp) guards it.

Staff set it up from the admin; the login then asks for the app's code; the owner can make
it compulsory for editors and owners, who are then sent to set it up rather than shut out.
"""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.urls import set_script_prefix
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginSettings
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/?next=/admin/"
SETUP_URL = "/admin/two-factor/"
PASSWORD = "correct horse battery staple"


def code(device, *, steps_ahead=0) -> str:
    """The code the authenticator app shows now (or ``steps_ahead`` periods from now)."""
    value = totp(
        device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step,
        digits=device.digits, drift=device.drift,
    )  # fmt: skip
    return f"{value:0{device.digits}d}"


def log_in(client, username, password=PASSWORD, otp_token=""):
    data = {"username": username, "password": password, "otp_token": otp_token}
    return client.post(LOGIN_URL, data, REMOTE_ADDR="198.51.100.5")


def enrolled(username="miriam", **fields):
    user = factories.make_user(username=username, is_staff=True, **fields)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def test_staff_set_up_two_factor_from_the_admin(client, settings):
    """The set-up page shows a QR code, the otpauth URI and the key; a right code turns it on."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no pause after the wrong code below
    user = factories.make_user(username="miriam", is_staff=True)
    client.force_login(user)
    html = client.get(SETUP_URL).content.decode()
    assert "<svg" in html and "otpauth://totp/" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    typed_key = re.search(r'class="otp-secret">([A-Z2-7 ]+)<', html)[1]
    assert len(typed_key.replace(" ", "")) >= 32
    wrong = client.post(SETUP_URL, {"token": "000000" if code(device) != "000000" else "111111"})
    assert "does not match" in wrong.content.decode()
    assert client.post(SETUP_URL, {"token": code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert "is <strong>on</strong>" in client.get(SETUP_URL).content.decode()


def test_the_set_up_page_is_for_staff_only(client):
    """Visitors are sent to log in; a reader's account without staff status gets nothing."""
    assert client.get(SETUP_URL).status_code == 302
    client.force_login(factories.make_user())
    response = client.get(SETUP_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not TOTPDevice.objects.exists()


def test_the_password_alone_no_longer_logs_in(client):
    """With a device, the right password without the code is refused and asks for it."""
    enrolled()
    response = log_in(client, "miriam")
    assert response.status_code == 200
    assert "6-digit code from your authenticator app" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused(client):
    """A code that is not the device's current one is refused."""
    _, device = enrolled()
    wrong = "123456" if code(device) != "123456" else "654321"
    response = log_in(client, "miriam", otp_token=wrong)
    assert "wrong or has expired" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_password_and_current_code_log_in(client):
    """The right password with the app's current code logs in, and the session is verified."""
    _, device = enrolled()
    assert log_in(client, "miriam", otp_token=code(device)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_code_cannot_be_replayed(client):
    """A code that was used once does not log in a second time."""
    _, device = enrolled()
    token = code(device)
    assert log_in(client, "miriam", otp_token=token).status_code == 302
    client.logout()
    assert log_in(client, "miriam", otp_token=token).status_code == 200


def test_wrong_codes_count_towards_the_lockout(client):
    """Guessing codes with a stolen password is throttled like guessing passwords."""
    _, device = enrolled()
    right = code(device)
    wrong = [f"{n:06d}" for n in range(20) if f"{n:06d}" != right][:10]
    for token in wrong:
        log_in(client, "miriam", otp_token=token)
    response = log_in(client, "miriam", otp_token=right)
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


@pytest.fixture
def required():
    factories.update_settings(LoginSettings, require_two_factor=True)


def editor_user(username="ed"):
    user = factories.make_user(username=username, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Editors")[0])
    return user


def test_required_editors_without_a_device_are_sent_to_set_it_up(client, required):
    """An editor without a device logs in and is taken to the set-up page, not locked out."""
    editor_user()
    assert log_in(client, "ed").status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == SETUP_URL
    assert client.get("/admin/blog/article/").status_code == 302
    assert "requires two-factor authentication" in client.get(SETUP_URL).content.decode()
    device = TOTPDevice.objects.get(user__username="ed")
    assert client.post(SETUP_URL, {"token": code(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_required_owners_are_sent_to_set_it_up_too(client, required):
    """Superusers (the owners) are covered by the requirement."""
    factories.make_user(username="owner", is_staff=True, is_superuser=True)
    log_in(client, "owner")
    assert client.get("/admin/")["Location"] == SETUP_URL


@pytest.fixture
def served_under():
    """Requests served under a ``SCRIPT_NAME``, as WSGIHandler sets their script prefix (the
    test client leaves it alone); the prefix is put back afterwards."""

    def serve(client, path, script_name):
        set_script_prefix(f"{script_name}/")
        try:
            return client.get(path, SCRIPT_NAME=script_name)
        finally:
            set_script_prefix("/")

    return serve


def test_the_requirement_holds_under_any_script_name(client, settings, required, served_under):
    """The admin's paths are reversed with the script prefix: the site mounted at /news/
    sends editors to set up there, and a request under one script name leaves the admin
    guarded under the others (the paths are kept per prefix, not for the first one seen)."""
    editor_user()
    log_in(client, "ed")
    settings.FORCE_SCRIPT_NAME = None  # as it was, but the middleware forgets its paths
    response = served_under(client, "/admin/", "/news")
    assert response.status_code == 302 and response["Location"] == f"/news{SETUP_URL}"
    assert served_under(client, "/robots.txt", "/elsewhere").status_code == 200
    assert client.get("/admin/")["Location"] == SETUP_URL


def test_authors_are_not_required_to(client, required):
    """The requirement covers editors and owners; an author logs in with a password."""
    author = factories.make_user(username="writer", is_staff=True)
    author.groups.add(Group.objects.get_or_create(name="Authors")[0])
    log_in(client, "writer")
    assert client.get("/admin/").status_code == 200


def test_without_the_requirement_editors_may_use_a_password(client):
    """By default two-factor is offered, not imposed."""
    editor_user()
    log_in(client, "ed")
    assert client.get("/admin/").status_code == 200


def test_only_owners_change_the_requirement(client):
    """Editors cannot open the login settings; the owner can."""
    client.force_login(editor_user())
    assert client.get("/admin/accounts/loginsettings/").status_code == 403
    client.force_login(factories.make_user(username="boss", is_staff=True, is_superuser=True))
    assert client.get("/admin/accounts/loginsettings/", follow=True).status_code == 200


def test_a_code_from_the_next_period_is_accepted(client):
    """One period of clock drift is tolerated (the app's clock may run a little ahead)."""
    _, device = enrolled()
    assert time.time()  # codes are computed from the real clock, like the app's
    assert log_in(client, "miriam", otp_token=code(device, steps_ahead=1)).status_code == 302
