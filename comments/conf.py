"""Deployment settings for comments (``settings.COMMENTS``), checked once at start-up.

Only what the person running the server decides lives here: which reverse proxies may speak
for the client in ``X-Forwarded-For``. The rules a site owner adjusts (holding, blocklists,
rate limit, retention…) are in the ``ModerationSettings`` model, edited in the admin.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class ProxyConfig:
    # How many proxies in front of Django append to X-Forwarded-For (0: trust none).
    count: int = 0
    # Or: the addresses/networks of those proxies; hops inside them are skipped.
    networks: tuple[IPNetwork, ...] = ()

    @property
    def trusts_forwarded_for(self) -> bool:
        return bool(self.count or self.networks)


def proxy_config() -> ProxyConfig:
    """The trusted-proxy settings, validated; raises ImproperlyConfigured when they are wrong."""
    config = getattr(settings, "COMMENTS", {}) or {}
    count = config.get("TRUSTED_PROXY_COUNT", 0)
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 10:
        raise ImproperlyConfigured("COMMENTS['TRUSTED_PROXY_COUNT'] must be an integer 0–10.")
    try:
        networks = tuple(
            ipaddress.ip_network(str(entry).strip(), strict=False)
            for entry in config.get("TRUSTED_PROXIES", ())
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"COMMENTS['TRUSTED_PROXIES']: {error}") from error
    if count and networks:
        raise ImproperlyConfigured(
            "Set COMMENTS['TRUSTED_PROXY_COUNT'] or COMMENTS['TRUSTED_PROXIES'], not both."
        )
    return ProxyConfig(count=count, networks=networks)
