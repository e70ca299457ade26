"""The client's IP address, which X-Forwarded-For may only tell us through a trusted proxy.

Anyone can send ``X-Forwarded-For``. Without a configured proxy it is ignored, so a forged
header cannot reset the rate limit or dodge an IP block. With proxies, the header is read from
the right, where our own proxies appended what they saw, never from the client-written left.
"""

from __future__ import annotations

import ipaddress

from .conf import ProxyConfig, proxy_config


def client_ip(request, config: ProxyConfig | None = None) -> str:
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


def _valid(value: str) -> str:
    """The address in canonical form, or "" when ``value`` is not an IP address."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""
