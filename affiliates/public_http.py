"""urllib connections that reach only public internet addresses.

The link checker runs on the server, inside its network, and fetches addresses that staff
typed, plus wherever those redirect. A destination or redirect naming a loopback, private,
link-local or otherwise non-public address (a database port, the cloud metadata service
at 169.254.169.254) would make the server probe its own network for whoever wrote it.

So the check is made where the socket is opened — for the first request and for every
redirect hop alike, since each opens its own connection — and on the very addresses then
connected to, so a second DNS answer cannot swap a private address in after the check. A
host with any non-public address is refused before a connection is opened. Environment
proxies must not be used with these handlers: a proxy resolves the host itself, out of
sight of this check.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from functools import partial

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public_address(address: IPAddress) -> bool:
    """Whether ``address`` is on the public internet (not ours, not our neighbours')."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


class AddressRefused(OSError):
    """The host resolves to an address the checker must not connect to."""

    def __init__(self, host: str, address: IPAddress):
        super().__init__(f"refused: private address ({host} is {address})")


def open_public_socket(address, timeout, source_address=None, *, allow_private: bool):
    """``socket.create_connection`` that first vets every address ``host`` resolves to.

    A host with any non-public address is refused outright; otherwise the socket goes to
    the addresses just vetted, never to a fresh lookup.
    """
    host, port = address
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(sockaddr[0] for *_, sockaddr in found))
    if not allow_private:
        for text in addresses:
            ip = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone
            if not is_public_address(ip):
                raise AddressRefused(host, ip)
    failure: OSError = OSError(f"{host} has no address")
    for text in addresses:
        try:
            return socket.create_connection((text, port), timeout, source_address)
        except OSError as error:
            failure = error
    raise failure


class PublicOnlyConnectionMixin:
    """An ``http.client`` connection whose socket is opened by ``open_public_socket``."""

    def __init__(self, *args, allow_private: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # connect() opens the socket through this attribute (socket.create_connection in
        # http.client), for plain and TLS connections alike; TLS still verifies the host name.
        self._create_connection = partial(open_public_socket, allow_private=allow_private)


class PublicOnlyHTTPConnection(PublicOnlyConnectionMixin, http.client.HTTPConnection):
    pass


class PublicOnlyHTTPSConnection(PublicOnlyConnectionMixin, http.client.HTTPSConnection):
    pass


class PublicOnlyHandlerMixin:
    """A urllib handler that opens its connections with the classes above."""

    connection_classes = {
        http.client.HTTPConnection: PublicOnlyHTTPConnection,
        http.client.HTTPSConnection: PublicOnlyHTTPSConnection,
    }

    def __init__(self, *args, allow_private: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_private = allow_private

    def do_open(self, http_class, req, **http_conn_args):
        return super().do_open(
            self.connection_classes[http_class],
            req,
            allow_private=self.allow_private,
            **http_conn_args,
        )


class PublicOnlyHTTPHandler(PublicOnlyHandlerMixin, urllib.request.HTTPHandler):
    pass


class PublicOnlyHTTPSHandler(PublicOnlyHandlerMixin, urllib.request.HTTPSHandler):
    pass
