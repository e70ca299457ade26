"""Checking that affiliate destinations still answer (manage.py check_affiliate_links).

HEAD first (cheap), then GET when HEAD is refused or fails: many shops answer HEAD with
403, 404 or 405 while their pages work. Each request has a timeout, redirects are followed
up to a limit (only to http/https), and a small thread pool bounds the concurrency. The
threads only talk HTTP; results are written by the caller, in its own thread.

Requests go only to public addresses, on the first request and every redirect hop (see
``public_http``); ``AFFILIATES["HEALTH_CHECK_ALLOW_PRIVATE"]`` lifts that, for tests against
a local server.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.utils import timezone

from . import conf
from .models import AffiliateLink
from .public_http import AddressRefused, PublicOnlyHTTPHandler, PublicOnlyHTTPSHandler

READ_BYTES = 1024  # enough for the server to start answering a GET; the body is not needed


class RedirectRefused(urllib.error.URLError):
    """Too many redirects, or a redirect to something other than http(s)."""


class LimitedRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows at most ``limit`` redirects, keeps HEAD as HEAD, and only goes to http(s)."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit
        self.hops = 0
        # urllib's own loop guards would answer first with a confusing 30x "error".
        self.max_redirections = self.max_repeats = limit + 1

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise RedirectRefused(f"redirected to a non-web address ({newurl[:80]})")
        self.hops += 1
        if self.hops > self.limit:
            raise RedirectRefused(f"more than {self.limit} redirects")
        new_request = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new_request is not None and req.get_method() == "HEAD":
            new_request.method = "HEAD"  # Python < 3.13 turns it into GET
        return new_request


@dataclass(frozen=True)
class CheckResult:
    link_id: int
    status: int | None
    error: str
    checked_at: datetime

    @property
    def health(self) -> AffiliateLink.Health:
        if self.error:
            return AffiliateLink.Health.BROKEN
        return AffiliateLink.Health.for_status(self.status)


def build_opener(*, max_redirects: int, allow_private: bool) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),  # no proxies: see public_http
        PublicOnlyHTTPHandler(allow_private=allow_private),
        PublicOnlyHTTPSHandler(allow_private=allow_private),
        LimitedRedirectHandler(max_redirects),
    )


def check_url(
    url: str, *, timeout: float, max_redirects: int, user_agent: str, allow_private: bool = False
) -> tuple[int | None, str]:
    """(HTTP status, error message); the status is None when no answer came back."""
    status, error = None, ""
    for method in ("HEAD", "GET"):
        opener = build_opener(max_redirects=max_redirects, allow_private=allow_private)
        request = urllib.request.Request(  # noqa: S310 - destinations are validated http(s)
            url, method=method, headers={"User-Agent": user_agent, "Accept": "*/*"}
        )
        try:
            with opener.open(request, timeout=timeout) as response:
                if method == "GET":
                    response.read(READ_BYTES)
                return response.status, ""
        except urllib.error.HTTPError as answer:
            answer.close()
            status, error = answer.code, f"HTTP {answer.code} {answer.reason}".strip()
        except RedirectRefused as refused:
            return None, str(refused.reason)
        except TimeoutError:
            return None, f"no answer within {timeout:g} s"
        except urllib.error.URLError as failure:
            if isinstance(failure.reason, AddressRefused):
                return None, str(failure.reason)
            if isinstance(failure.reason, TimeoutError):
                return None, f"no answer within {timeout:g} s"
            status, error = None, f"cannot connect: {failure.reason}"
        except (http.client.HTTPException, OSError, ValueError) as failure:
            status, error = None, f"{type(failure).__name__}: {failure}"[:200]
    return status, error


def check_links(
    links: Iterable[AffiliateLink],
    *,
    timeout: float,
    workers: int,
    max_redirects: int,
    user_agent: str,
    allow_private: bool = False,
    now: Callable[[], datetime] = timezone.now,
) -> list[CheckResult]:
    def check(link: AffiliateLink) -> CheckResult:
        status, error = check_url(
            link.destination_url, timeout=timeout, max_redirects=max_redirects,
            user_agent=user_agent, allow_private=allow_private,
        )  # fmt: skip
        return CheckResult(link_id=link.pk, status=status, error=error[:300], checked_at=now())

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="link-check") as pool:
        return list(pool.map(check, links))


def record_results(results: Iterable[CheckResult]) -> None:
    """Store each link's status, error and time; not an edit, so ``updated_at`` stays."""
    links = []
    for result in results:
        link = AffiliateLink(pk=result.link_id)
        link.last_status = result.status
        link.last_error = "" if result.health == AffiliateLink.Health.OK else result.error
        link.last_checked_at = result.checked_at
        link.health = result.health
        links.append(link)
    AffiliateLink.objects.bulk_update(
        links, ["last_status", "last_error", "last_checked_at", "health"], batch_size=500
    )


def check_and_record(
    links: Iterable[AffiliateLink], *, timeout: float | None = None, workers: int | None = None
) -> list[CheckResult]:
    """Check the links with the configured limits and record each result: the one way a
    check is made, by ``manage.py check_affiliate_links`` and the admin's "Check now" alike.
    ``timeout`` and ``workers`` override the settings (the command's options)."""
    results = check_links(
        links,
        timeout=timeout if timeout is not None else conf.get("HEALTH_CHECK_TIMEOUT"),
        workers=workers if workers is not None else conf.get("HEALTH_CHECK_WORKERS"),
        max_redirects=conf.get("HEALTH_CHECK_MAX_REDIRECTS"),
        user_agent=conf.get("HEALTH_CHECK_USER_AGENT"),
        allow_private=conf.get("HEALTH_CHECK_ALLOW_PRIVATE"),
    )
    record_results(results)
    return results
