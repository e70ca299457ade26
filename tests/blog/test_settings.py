"""Settings: production-ready under `check --deploy`, strict about bad input, WAL on SQLite."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from blog.models import Article
from tests import factories

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHECK_DEPLOY = ["check", "--deploy", "--fail-level", "WARNING"]


def random_secret_key(length: int = 60) -> str:
    alphabet = string.ascii_letters + string.digits + "!#%&()*+,-./:;<=>?@[]^_{|}~"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def production_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    """A clean production-like environment; only PATH/locale and the database/cache leak in."""
    env = {
        key: os.environ[key]
        for key in ("PATH", "LANG", "LC_ALL", "DATABASE_URL", "REDIS_URL")
        if key in os.environ
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=random_secret_key(),
        ALLOWED_HOSTS="example.com",
        HTTPS="1",
        SITE_URL="https://example.com",
        BROADSHEET_VAR_DIR=str(var_dir),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(overrides)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- check --deploy -------------------------------------------------------------------------


def test_check_deploy_passes_with_production_environment(tmp_path):
    """With DEBUG off, a real key, a host and HTTPS, `check --deploy` finds no issues at all."""
    result = manage(production_env(tmp_path / "var"), *CHECK_DEPLOY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_debug_on(tmp_path):
    """The same check fails when DEBUG is on, so the passing test above means something."""
    result = manage(production_env(tmp_path / "var", DEBUG="1"), *CHECK_DEPLOY)
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_check_deploy_fails_without_https(tmp_path):
    """Without HTTPS=1 the redirect, secure cookies and HSTS are off, and the check says so."""
    result = manage(production_env(tmp_path / "var", HTTPS="0"), *CHECK_DEPLOY)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output, warning


# --- settings reject bad input --------------------------------------------------------------


def test_non_boolean_debug_is_rejected(tmp_path):
    """DEBUG=maybe stops start-up with ImproperlyConfigured naming DEBUG, not a silent default."""
    result = manage(production_env(tmp_path / "var", DEBUG="maybe"), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG" in result.stderr
    assert "'maybe'" in result.stderr


def test_short_secret_key_is_rejected(tmp_path):
    """A guessably short SECRET_KEY stops start-up with ImproperlyConfigured."""
    result = manage(production_env(tmp_path / "var", SECRET_KEY="too-short"), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_local_install_without_secret_key_generates_a_private_one(tmp_path):
    """Without SECRET_KEY the site makes a random key in its var dir, readable only by owner."""
    env = production_env(tmp_path / "var")
    del env["SECRET_KEY"]
    assert manage(env, "check").returncode == 0
    key_file = tmp_path / "var" / "secret_key"
    assert len(key_file.read_text().strip()) >= 50
    assert key_file.stat().st_mode & 0o077 == 0


# --- SQLite -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sqlite_uses_wal_and_busy_timeout():
    """On SQLite the connection is in WAL mode with a busy timeout, so writers queue, not fail."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only pragmas")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        (journal_mode,) = cursor.fetchone()
        cursor.execute("PRAGMA busy_timeout")
        (busy_timeout,) = cursor.fetchone()
        cursor.execute("PRAGMA foreign_keys")
        (foreign_keys,) = cursor.fetchone()
    assert journal_mode.lower() == "wal"
    assert busy_timeout > 0
    assert foreign_keys == 1


# --- error pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_missing_page_uses_site_404_template(client, settings):
    """With DEBUG off a missing page is a 404 in the site's own layout, not Django's page."""
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="site-header"' in body
    assert "We can’t find that page" in body
    assert "Using the URLconf" not in body


@pytest.mark.django_db
def test_unpublished_article_is_404_with_site_template(client, settings, author):
    """A draft's address answers 404 with the site's page, revealing nothing of the draft."""
    settings.DEBUG = False
    draft = factories.make_article(
        title="Secret Draft Heron", author=author, status=Article.Status.DRAFT
    )
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    body = response.content.decode()
    assert "We can’t find that page" in body
    assert draft.title not in body
