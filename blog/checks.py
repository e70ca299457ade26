"""System checks for a production configuration (``manage.py check --deploy``)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_HOSTNAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_local_host(host: str) -> bool:
    """Loopback, unspecified or link-local addresses and ``localhost`` names."""
    host = host.strip("[]").rstrip(".").lower()
    if host in LOCAL_HOSTNAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified or address.is_link_local


def site_url_problem(site_url: str) -> str:
    """Why ``site_url`` cannot be the public address of a live site ("" when it can)."""
    if not site_url:
        return "SITE_URL is not set."
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"SITE_URL {site_url!r} is not an http(s) URL with a host."
    if is_local_host(parts.hostname):
        return f"SITE_URL is {site_url!r}, an address on this machine."
    return ""


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs) -> list[Error]:
    """Emails, feeds outside a request and share links use SITE_URL: it must be public."""
    if settings.DEBUG:
        return []
    problem = site_url_problem(settings.BROADSHEET.get("SITE_URL", ""))
    if not problem:
        return []
    return [
        Error(
            f"{problem} Links in emails (comment replies, moderation, notifications) need "
            "the site's public address.",
            hint="Set the SITE_URL environment variable to the site's public address, "
            "e.g. SITE_URL=https://example.com.",
            id="broadsheet.E001",
        )
    ]
