"""What the search page shows, computed in Python so the template only displays it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse
from django.utils.safestring import SafeString

from blog import caching
from blog.models import Article, Tag
from blog.presentation import author_name

from .conf import MAX_PAGES, MAX_QUERY_LENGTH, PER_PAGE
from .indexing import INDEX_KEY
from .query import search, terms

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SUGGESTED_TAGS = 12
RECENT_ARTICLES = 5
SUGGESTED_TAGS_KEY = "search:suggested-tags"
SUGGESTED_TAGS_SECONDS = 10 * 60


@dataclass
class Result:
    article: Article
    snippet: SafeString


@dataclass
class Filter:
    label: str
    remove_url: str


@dataclass
class SearchPage:
    query: str
    words: list[str]
    page: int
    tag: str = ""
    author: str = ""
    results: list[Result] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    # Narrowing links taken from the tags and authors of the results shown.
    tag_choices: list[tuple[str, str]] = field(default_factory=list)
    author_choices: list[tuple[str, str]] = field(default_factory=list)
    previous_url: str = ""
    next_url: str = ""
    first_url: str = ""  # "Back to the best matches", from a page past the last result
    at_limit: bool = False
    suggested_tags: list = field(default_factory=list)
    recent_articles: list = field(default_factory=list)

    @property
    def searched(self) -> bool:
        return bool(self.words)

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PER_PAGE + 1


def _url(**params) -> str:
    """A search page's address as the page cache stores it: the parameters in the order
    ``search/urls.py`` names them, encoded as a browser's GET form encodes them."""
    return f"{reverse('search:search')}?{urlencode({k: v for k, v in params.items() if v})}"


def run_search(*, query: str, tag: str, author: str, page: int) -> SearchPage:
    query = _CONTROL.sub(" ", query or "")[:MAX_QUERY_LENGTH].strip()
    result = SearchPage(query=query, words=terms(query), page=page, tag=tag, author=author)
    # For the page cache: what the index holds, and which articles are public (published,
    # withdrawn, re-dated, a new author: `lists` changes, even when the index does not).
    caching.depends_on(INDEX_KEY, caching.LISTS)
    articles = Article.objects.published()
    params = {"q": query, "tag": tag, "author": author}
    if tag:
        articles = articles.filter(tags__slug=tag)
        found = Tag.objects.filter(slug=tag).values_list("pk", "name").first()
        if found:  # its name, and which articles carry it
            caching.depends_on(caching.tag_key(found[0]), caching.tag_list_key(found[0]))
        name = found[1] if found else tag
        result.filters.append(Filter(f"Tagged “{name}”", _url(**{**params, "tag": ""})))
    if author:
        articles = articles.filter(author__username=author)
        person = get_user_model().objects.filter(username=author).first()
        if person:  # their name
            caching.depends_on(caching.author_list_key(person.pk))
        label = f"By {author_name(person) if person else author}"
        result.filters.append(Filter(label, _url(**{**params, "author": ""})))

    hits = search(result.words, articles, offset=(page - 1) * PER_PAGE, limit=PER_PAGE + 1)
    more, hits = len(hits) > PER_PAGE, hits[:PER_PAGE]
    if hits:
        by_id = Article.objects.for_listing().in_bulk([hit.article_id for hit in hits])
        result.results = [
            Result(by_id[hit.article_id], hit.snippet) for hit in hits if hit.article_id in by_id
        ]
    if page > 1:
        result.previous_url = _url(**params, page=page - 1 if page > 2 else "")
        result.first_url = _url(q=query)
    if more and page < MAX_PAGES:
        result.next_url = _url(**params, page=page + 1)
    result.at_limit = more and page >= MAX_PAGES
    _narrowing(result, params)
    if not result.results and page == 1:
        _suggestions(result)
    return result


def _narrowing(result: SearchPage, params: dict) -> None:
    # The results show each article's title, date and author, and their tags' names.
    caching.depends_on(
        *(caching.article_key(item.article.pk) for item in result.results),
        *{caching.tag_key(tag.pk) for item in result.results for tag in item.article.listed_tags},
    )
    tags, authors = {}, {}
    for item in result.results:
        for tag in item.article.listed_tags:  # prefetched by for_listing()
            tags.setdefault(tag.slug, tag.name)
        person = item.article.author
        caching.depends_on(caching.author_key(person.pk))  # the byline and the filter
        authors.setdefault(person.username, author_name(person))
    if not params["tag"]:
        result.tag_choices = [
            (name, _url(**{**params, "tag": slug})) for slug, name in sorted(tags.items())
        ][:15]
    if not params["author"] and len(authors) > 1:
        result.author_choices = [
            (name, _url(**{**params, "author": username}))
            for username, name in sorted(authors.items(), key=lambda pair: pair[1])
        ]


def _suggestions(result: SearchPage) -> None:
    """For a search that found nothing: the most used tags and the latest articles."""
    published = Article.objects.published()
    # Counting every public article's tags is the one costly part: kept for a few minutes
    # (a suggestion a little out of date misleads nobody).
    result.suggested_tags = cache.get_or_set(
        SUGGESTED_TAGS_KEY,
        lambda: list(
            Tag.objects.filter(article__in=published)
            .annotate(count=Count("article"))
            .order_by("-count", "name")[:SUGGESTED_TAGS]
        ),
        SUGGESTED_TAGS_SECONDS,
    )
    result.recent_articles = list(published.for_listing()[:RECENT_ARTICLES])
    caching.depends_on(*(caching.article_key(article.pk) for article in result.recent_articles))
