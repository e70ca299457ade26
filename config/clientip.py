"""The client's IP address, which X-Forwarded-For may only tell us through a trusted proxy.

Anyone can send ``X-Forwarded-For``. Without a configured proxy it is ignored, so a forged
header can neither reset a rate limit, dodge an IP block nor unlock a locked-out login. With
proxies, the header is read from the right, where our own proxies appended what they saw,
never from the client-written left.

One resolution for the whole site: comments (rate limit, IP blocks), affiliate clicks
(de-duplication, rate limit) and the login throttle (django-axes, ``AXES_CLIENT_IP_CALLABLE``)
all ask ``client_ip``. The proxies are declared in ``settings.CLIENT_IP``.
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
    config = getattr(settings, "CLIENT_IP", {}) or {}
    count = config.get("TRUSTED_PROXY_COUNT", 0)
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 10:
        raise ImproperlyConfigured("CLIENT_IP['TRUSTED_PROXY_COUNT'] must be an integer 0–10.")
    try:
        networks = tuple(
            ipaddress.ip_network(str(entry).strip(), strict=False)
            for entry in config.get("TRUSTED_PROXIES", ())
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"CLIENT_IP['TRUSTED_PROXIES']: {error}") from error
    if count and networks:
        raise ImproperlyConfigured(
            "Set CLIENT_IP['TRUSTED_PROXY_COUNT'] or CLIENT_IP['TRUSTED_PROXIES'], not both."
        )
    return ProxyConfig(count=count, networks=networks)


def client_ip(request, config: ProxyConfig | None = None) -> str:
    """The client's address in canonical form, or "" when there is none to be had."""
    config = config or proxy_config()
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    if not config.trusts_forwarded_for or not remote:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()] + [remote]
    if config.count:
        # hops[-1] is the nearest proxy; the client is the address `count` hops before it.
        return _valid(hops[max(len(hops) - 1 - config.count, 0)]) or remote
    for hop in reversed(hops):
        address = _valid(hop)
        if not address:
            return remote  # a garbled chain: trust only what connected to us
        if not any(ipaddress.ip_address(address) in net for net in config.networks):
            return address
    return hops[0] if _valid(hops[0]) else remote


def client_network(ip: str) -> str:
    """What identifies one client for limits: the address, or its /64 for IPv6.

    IPv6 users get a whole /64 each, so rotating addresses inside it is still one client.
    """
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _valid(value: str) -> str:
    """The address in canonical form, or "" when ``value`` is not an IP address."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""
