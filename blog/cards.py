"""What a list of articles shows of each one (home, tag, author and archive pages), built
once in Python so the list template is one flat loop.

A card was a template included per article that reversed the article's address three times,
the author's and each tag's once more, built taggit's manager twice for its tags and
formatted its date through two filters; now each card's values are computed once, and an
author's or tag's address once per list however many cards show it. The card reads only
what ``Article.objects.for_listing()`` selects (a deferred column would cost a query per
card) and records the page-cache dependencies of what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS

from . import caching
from .models import Article
from .presentation import FeaturedImage, author_name, card_image, html_datetime


@dataclass(frozen=True)
class TagLink:
    name: str
    url: str


@dataclass(frozen=True)
class Card:
    # The row itself, for its own columns (title, dek) and the extensions' annotations
    # (``blog.extensions.listing_annotations``, e.g. ``comment_count``).
    article: Article
    url: str
    author_name: str
    author_url: str
    published_iso: str  # <time datetime>
    published_date: str  # "7 March 2025"
    image: FeaturedImage | None
    tags: tuple[TagLink, ...] = ()
    eager: bool = False  # the first picture on a page without a lead: likely above the fold


class CardMaker:
    """Builds the cards of one page, reversing each author's and tag's address once."""

    def __init__(self):
        self._authors: dict[int, tuple[str, str]] = {}
        self._tags: dict[int, TagLink] = {}

    def card(self, article: Article, *, with_tags: bool = True, eager: bool = False) -> Card:
        caching.depends_on(caching.article_key(article.pk))
        name, url = self._author(article.author)
        published = timezone.localtime(article.published_at)
        return Card(
            article=article,
            url=article.get_absolute_url(),
            author_name=name,
            author_url=url,
            published_iso=html_datetime(published),
            published_date=f"{published.day} {MONTHS[published.month]} {published.year}",
            image=card_image(article),
            tags=tuple(self._tag(tag) for tag in article.listed_tags) if with_tags else (),
            eager=eager,
        )

    def cards(self, articles: list[Article], *, eager_first: bool = False) -> list[Card]:
        return [
            self.card(article, eager=eager_first and index == 0)
            for index, article in enumerate(articles)
        ]

    def _author(self, user) -> tuple[str, str]:
        if user.pk not in self._authors:
            caching.depends_on(caching.author_key(user.pk))  # their name, on the card
            url = reverse("blog:author", args=[user.get_username()])
            self._authors[user.pk] = (author_name(user), url)
        return self._authors[user.pk]

    def _tag(self, tag) -> TagLink:
        if tag.pk not in self._tags:
            caching.depends_on(caching.tag_key(tag.pk))  # its name, on the card
            self._tags[tag.pk] = TagLink(name=tag.name, url=reverse("blog:tag", args=[tag.slug]))
        return self._tags[tag.pk]
