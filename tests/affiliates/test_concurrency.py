"""A hundred readers clicking at the same moment are a hundred clicks (real server, threads)."""

import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest

from affiliates.models import DailyClicks
from tests import factories
from tests.affiliates.factories import BROWSER, make_link, place_box

READERS = 100


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # report the 302 itself instead of following it off the site


def status_of(url: str, user_agent: str = BROWSER) -> int:
    opener = urllib.request.build_opener(NoRedirect, urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_concurrent_clicks_are_all_counted(live_server, settings):
    """100 simultaneous clicks on one link from one article leave a counter of exactly 100.

    The readers share the test's address, so each has its own browser version and the
    per-address rate limit is raised for the test.
    """
    settings.AFFILIATES = {**settings.AFFILIATES, "CLICK_RATE_LIMIT": 1000}
    link = make_link()
    article = factories.make_article()
    place_box(article, link)
    url = f"{live_server.url}{link.get_absolute_url()}?from={article.slug}"
    start = threading.Barrier(READERS)
    statuses: list[int] = []

    def reader(number: int):
        start.wait()
        statuses.append(status_of(url, f"{BROWSER} Reader/{number}"))

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(statuses) == {302: READERS}
    assert list(DailyClicks.objects.values_list("article_id", "clicks")) == [(article.pk, READERS)]
    assert link.total_clicks() == READERS
