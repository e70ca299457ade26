from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def site(request):
    """Site identity, feed links and the header's and footer's addresses for every page;
    costs no queries, and the addresses are reversed once per process (they never change)."""
    config = settings.BROADSHEET
    links = _links(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return {
        "site_name": config["SITE_NAME"],
        "site_tagline": config["SITE_TAGLINE"],
        "site_feeds": [
            ("application/rss+xml", f"{config['SITE_NAME']} (RSS)", links["feed_rss"]),
            ("application/atom+xml", f"{config['SITE_NAME']} (Atom)", links["feed_atom"]),
        ],
        "site_links": links,
    }


@lru_cache(maxsize=16)
def _links(script_prefix: str, urlconf) -> dict[str, str]:
    names = {
        "home": "blog:home",
        "archive": "blog:archive",
        "tags": "blog:tags",
        "corrections": "blog:corrections",
        "feed_rss": "blog:feed-rss",
        "feed_atom": "blog:feed-atom",
        "sitemap": "sitemap",
        "search": "search:search",
        "opensearch": "search:opensearch",
    }
    return {key: reverse(name, urlconf=urlconf) for key, name in names.items()}
