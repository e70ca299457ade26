"""Threat: production runs with a development setting that sends readers to the wrong place.

``SITE_URL`` used to default to ``http://127.0.0.1:8000`` silently, so production emails
linked there. With ``DEBUG=0`` a missing or local ``SITE_URL`` now fails
``manage.py check --deploy`` with a message saying what to set.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.blog.test_settings import CHECK_DEPLOY, manage, production_env


@pytest.mark.parametrize(
    "site_url",
    [
        "",
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "https://LOCALHOST/",
        "http://[::1]:8000",
        "http://0.0.0.0",
        "http://app.localhost",
        "example.com",
        "ftp://example.com",
    ],
)
def test_a_missing_or_local_site_url_fails_the_deploy_check(settings, site_url):
    """With DEBUG off, SITE_URL empty, local or not http(s) is an error naming SITE_URL."""
    settings.DEBUG = False
    settings.BROADSHEET = {**settings.BROADSHEET, "SITE_URL": site_url}
    with pytest.raises(SystemCheckError, match=r"broadsheet\.E001") as raised:
        call_command("check", "--deploy", "--fail-level", "ERROR")
    assert "SITE_URL" in str(raised.value)


def test_a_public_site_url_passes_the_deploy_check(settings):
    """A public https address raises no broadsheet error, so the failures above mean something."""
    settings.DEBUG = False
    settings.BROADSHEET = {**settings.BROADSHEET, "SITE_URL": "https://news.example.com"}
    call_command("check", "--deploy", "--fail-level", "ERROR", "--tag", "security")


def test_development_with_the_local_default_passes_the_normal_check(settings):
    """`make run` (DEBUG on, SITE_URL at its 127.0.0.1 default) is not held up by the check."""
    settings.DEBUG = True
    call_command("check", "--fail-level", "ERROR")


def test_production_environment_without_site_url_fails_check_deploy(tmp_path):
    """The real start-up path: DEBUG=0 and no SITE_URL in the environment fails with a hint."""
    env = production_env(tmp_path / "var")
    del env["SITE_URL"]
    result = manage(env, *CHECK_DEPLOY)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "broadsheet.E001" in output
    assert "Set the SITE_URL environment variable" in output
