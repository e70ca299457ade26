"""Test data for the affiliates app, built through the models' public API."""

from __future__ import annotations

import itertools

from affiliates.models import AffiliateLink, ArticleProduct, DisclosureSettings
from tests import factories

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)
_counter = itertools.count(1)


def make_link(**fields) -> AffiliateLink:
    number = next(_counter)
    fields.setdefault("name", f"Acme Kettle {number}")
    fields.setdefault("slug", f"acme-kettle-{number}")
    fields.setdefault("destination_url", f"https://shop.example/kettle/{number}?tag=broadsheet-21")
    fields.setdefault("merchant", "Shop Example")
    fields.setdefault("pitch", "Boils a litre in ninety seconds.")
    link = AffiliateLink(**fields)
    link.full_clean()
    link.save()
    return link


def place_box(article, link, *, after_section=None, position=0) -> ArticleProduct:
    box = ArticleProduct(article=article, link=link, after_section=after_section, position=position)
    box.full_clean()
    box.save()
    return box


def disclosure(**fields) -> DisclosureSettings:
    return factories.update_settings(DisclosureSettings, **fields)


_readers = itertools.count(1)


def new_reader() -> str:
    """A reader's address not used before in this run (documentation ranges only)."""
    number = next(_readers)
    return f"2001:db8:{number // 65536:x}:{number % 65536:x}::1"


def click(client, link, *, article_slug="", reader: str | None = None, **headers):
    """A reader's click: GET /go/<slug>/ with a browser's User-Agent.

    Each call is a new reader (its own address) unless ``reader`` names one: the redirect
    counts one click per reader and link in a window.
    """
    url = link.get_absolute_url() + (f"?from={article_slug}" if article_slug else "")
    headers.setdefault("User-Agent", BROWSER)
    return client.get(url, headers=headers, REMOTE_ADDR=reader or new_reader())
