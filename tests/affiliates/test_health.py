"""manage.py check_affiliate_links against a real HTTP server started by the test."""

import io
import ipaddress
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from affiliates import public_http
from affiliates.models import AffiliateLink
from tests.affiliates.factories import make_link
from tests.affiliates.shop import Shop

pytestmark = pytest.mark.django_db


def run_check(**options) -> str:
    out = io.StringIO()
    call_command("check_affiliate_links", stdout=out, timeout=0.5, workers=3, **options)
    return out.getvalue()


def test_records_status_and_lists_broken_links(shop):
    """OK, 404, 405 to HEAD, a redirect, a loop, a non-web redirect and a timeout, in one run."""
    links = {
        path: make_link(slug=path.strip("/"), destination_url=f"{shop}{path}")
        for path in ["/ok", "/missing", "/no-head", "/moved", "/loop", "/to-ftp", "/slow"]
    }
    before = datetime.now(UTC)
    output = run_check()
    found = {path: AffiliateLink.objects.get(pk=link.pk) for path, link in links.items()}

    healthy = {path for path, link in found.items() if link.health == AffiliateLink.Health.OK}
    assert healthy == {"/ok", "/no-head", "/moved"}
    assert found["/missing"].last_status == 404
    assert found["/no-head"].last_status == 200  # HEAD refused, GET answered
    assert "more than 5 redirects" in found["/loop"].last_error
    assert "non-web address" in found["/to-ftp"].last_error
    assert "no answer within 0.5 s" in found["/slow"].last_error
    assert all(link.last_checked_at >= before for link in found.values())
    broken_lines = [line for line in output.splitlines() if line.startswith("BROKEN")]
    assert sorted(line.split(":")[0] for line in broken_lines) == [
        "BROKEN loop", "BROKEN missing", "BROKEN slow", "BROKEN to-ftp",
    ]  # fmt: skip
    assert "Checked 7 active link(s): 4 broken." in output


def test_head_first_and_get_only_when_needed(shop):
    """A healthy page costs one HEAD; HEAD is kept as HEAD across redirects."""
    make_link(destination_url=f"{shop}/ok")
    make_link(destination_url=f"{shop}/moved")
    run_check()
    assert sorted(Shop.seen) == [("HEAD", "/moved"), ("HEAD", "/ok"), ("HEAD", "/ok")]


def test_inactive_links_are_not_checked(shop):
    """Only active destinations are requested."""
    make_link(destination_url=f"{shop}/missing", is_active=False)
    output = run_check()
    assert Shop.seen == [] and "Checked 0 active link(s): 0 broken." in output


def test_a_link_that_recovers_is_healthy_again(shop):
    """A later OK answer clears the old error; editing time (updated_at) is left alone."""
    link = make_link(destination_url=f"{shop}/ok", health=AffiliateLink.Health.BROKEN,
                     last_status=500, last_error="HTTP 500")  # fmt: skip
    updated_at = link.updated_at
    run_check()
    link.refresh_from_db()
    assert (link.health, link.last_status, link.last_error) == ("ok", 200, "")
    assert link.updated_at == updated_at


def test_private_destinations_are_refused_and_never_requested(local_shop):
    """By default loopback, private, link-local and similar addresses are refused: no request
    reaches them, whether named by address or by a host name that resolves to one."""
    port = local_shop.rsplit(":", 1)[1]
    destinations = [
        f"{local_shop}/ok", f"http://localhost:{port}/ok", f"http://[::1]:{port}/ok",
        f"http://[::ffff:127.0.0.1]:{port}/ok", f"http://0.0.0.0:{port}/ok",
        "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/",
        "http://100.100.100.200/latest/meta-data/", "https://[fd00::1]/",
    ]  # fmt: skip
    links = [make_link(destination_url=url) for url in destinations]
    output = run_check()
    assert Shop.seen == []
    for link in links:
        link.refresh_from_db()
        assert link.health == AffiliateLink.Health.BROKEN, link.destination_url
        assert link.last_error.startswith("refused: private address ("), link.last_error
        assert link.last_status is None
    assert "refused: private address (169.254.169.254 is 169.254.169.254)" in output
    assert f"Checked {len(destinations)} active link(s): {len(destinations)} broken." in output


def test_a_redirect_to_a_private_address_is_refused_at_that_hop(local_shop, monkeypatch):
    """A public shop redirecting to the metadata service: the hop is refused, never fetched."""
    shop_address = ipaddress.ip_address("127.0.0.1")  # stands in for a public shop
    is_public, vetted = public_http.is_public_address, []

    def public_or_the_test_shop(address):
        vetted.append(str(address))
        return address == shop_address or is_public(address)

    monkeypatch.setattr(public_http, "is_public_address", public_or_the_test_shop)
    link = make_link(destination_url=f"{local_shop}/to-metadata")
    run_check()
    link.refresh_from_db()
    assert Shop.seen == [("HEAD", "/to-metadata")]  # and no GET retry after the refusal
    assert vetted == ["127.0.0.1", "169.254.169.254"]
    assert link.health == AffiliateLink.Health.BROKEN
    assert link.last_error == "refused: private address (169.254.169.254 is 169.254.169.254)"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True), ("2606:4700:4700::1111", True), ("127.0.0.1", False),
        ("127.8.8.8", False), ("10.1.2.3", False), ("172.16.0.1", False),
        ("192.168.0.1", False), ("169.254.169.254", False), ("100.64.0.1", False),
        ("0.0.0.0", False),  # noqa: S104 - an address to judge, not one to bind to
        ("224.0.0.251", False), ("255.255.255.255", False), ("::1", False),
        ("::", False), ("fe80::1", False), ("fd00::1", False), ("::ffff:10.0.0.1", False),
        ("::ffff:8.8.8.8", True), ("ff02::1", False),
    ],
)  # fmt: skip
def test_which_addresses_count_as_public(address, public):
    """Only globally routable unicast addresses are public; IPv4-mapped IPv6 counts as IPv4."""
    assert public_http.is_public_address(ipaddress.ip_address(address)) is public
