"""The sitemap index (/sitemap.xml) and its pages, which list every public article at any size.

Django's sitemap views ask ``sitemap.paginator`` how many pages there are and for each page's
items. Its own paginator pages with ``OFFSET``, so page 20 of 100,000 articles reads and
drops 95,000 rows first. Here each page is a seek instead: the first key of every page (in
the sitemap's order) is found in one pass over the order's index and remembered until the
sitemap changes, and page p reads only its own rows, from its first key up to the next page's.
"""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Q, Window
from django.db.models.functions import Lead, RowNumber
from django.http import Http404
from django.urls import reverse

from . import caching
from .models import Article
from .pagination import whole_number

# Search engines accept 50,000 URLs per file; smaller pages build faster and change less.
URLS_PER_PAGE = 5000


def _seek(ordering: tuple[str, ...], key: tuple, *, before: bool) -> Q:
    """Rows at or after ``key`` in ``ordering`` (or, with ``before``, strictly before it).

    Written as "first column up to its value, and then the tie-break": the first condition
    is a range the index reads directly (the disjunction alone would be a filter applied
    to every row from the top of the index).
    """
    names = [name.removeprefix("-") for name in ordering]
    descending = [name.startswith("-") for name in ordering]

    def lookup(index: int, *, strict: bool, towards_end: bool) -> str:
        later = "lt" if descending[index] else "gt"
        earlier = "gt" if descending[index] else "lt"
        operator = later if towards_end else earlier
        return f"{names[index]}__{operator}{'' if strict else 'e'}"

    towards_end = not before
    alternatives = Q()
    for index in range(len(names)):
        last = index == len(names) - 1
        equal = {names[i]: key[i] for i in range(index)}
        strict = before or not last
        condition = {lookup(index, strict=strict, towards_end=towards_end): key[index]}
        alternatives |= Q(**equal, **condition)
    leading = Q(**{lookup(0, strict=False, towards_end=towards_end): key[0]})
    return leading & alternatives


class SeekPaginator(Paginator):
    """Django's Paginator over a queryset in a unique order, each page fetched by seeking.

    ``ordering`` must be a unique key of the rows (end it with ``id``) and an index should
    serve it. Page boundaries and the count are computed in one pass that reads only the
    ordering's columns, and remembered (``caching.remember``) under ``dependencies``, so
    they are computed again only after a change that those name.
    """

    def __init__(self, queryset, per_page: int, *, ordering, name: str, dependencies):
        super().__init__(queryset.order_by(*ordering), per_page)
        self.ordering = tuple(ordering)
        self.name = f"{name}:{per_page}"
        self.dependencies = tuple(dependencies)

    @cached_property
    def _boundaries(self) -> tuple[int, tuple[tuple, ...]]:
        """(how many rows, the key of each page's first row)."""
        return caching.remember(self.name, self.dependencies, self._compute_boundaries)

    def _compute_boundaries(self) -> tuple[int, tuple[tuple, ...]]:
        # One pass in the ordering's index order (an index-only scan where an index holds
        # the ordering's columns): each row's position, and whether another row follows. The
        # rows kept are each page's first and the very last (whose position is the count).
        names = [name.removeprefix("-") for name in self.ordering]
        order = [F(name[1:]).desc() if name.startswith("-") else F(name).asc()
                 for name in self.ordering]  # fmt: skip
        rows = (
            self.object_list.order_by()
            .annotate(
                _position=Window(RowNumber(), order_by=order),
                _following=Window(Lead("pk"), order_by=order),
            )
            .annotate(_slot=(F("_position") - 1) % self.per_page)
            .filter(Q(_slot=0) | Q(_following__isnull=True))
            .values_list("_position", "_slot", *names)
        )
        # Sorted here: asking the database to would sort every row before the filter.
        kept = sorted(rows)
        count = kept[-1][0] if kept else 0
        return count, tuple(tuple(row[2:]) for row in kept if row[1] == 0)

    @property
    def count(self) -> int:
        return self._boundaries[0]

    def page(self, number):
        number = self.validate_number(number)
        starts = self._boundaries[1]
        rows = self.object_list
        if number <= len(starts):  # else the one empty first page
            rows = rows.filter(_seek(self.ordering, starts[number - 1], before=False))
            if number < len(starts):
                rows = rows.filter(_seek(self.ordering, starts[number], before=True))
        return self._get_page(list(rows[: self.per_page]), number, self)


class SeekSitemap(Sitemap):
    """A sitemap whose pages are seeks (see ``SeekPaginator``), remembered until the sitemap
    changes. ``ordering`` is a unique order an index serves; ``limit`` URLs per page."""

    ordering: tuple[str, ...] = ("id",)
    limit = URLS_PER_PAGE

    @property
    def paginator(self):
        return SeekPaginator(
            self.items(),
            self.limit,
            ordering=self.ordering,
            name=f"sitemap-pages:{type(self).__name__}",
            dependencies=[caching.SITEMAP],
        )


class ArticleSitemap(SeekSitemap):
    """Every public article, newest first, in pages named by the index at /sitemap.xml."""

    changefreq = "weekly"
    # article_public_idx: (status, -published_at, -id).
    ordering = ("-published_at", "-id")

    def items(self):
        caching.depends_on(caching.SITEMAP)
        return Article.objects.published().only("slug", "published_at", "updated_at")

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        """The newest edit, from the top of ``article_updated_idx``, remembered until an
        article changes (Django's default for a method walks every article)."""
        return caching.remember("sitemap-lastmod", [caching.SITEMAP], self._latest_edit)

    @staticmethod
    def _latest_edit():
        newest = Article.objects.published().order_by("-updated_at")
        return newest.values_list("updated_at", flat=True).first()


class AuthorSitemap(SeekSitemap):
    """Every author page: the people with a public article (as the page itself requires)."""

    changefreq = "weekly"
    ordering = ("id",)

    def items(self):
        caching.depends_on(caching.SITEMAP)
        published = Article.objects.published().filter(author=OuterRef("pk"))
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Exists(published))
            .only("id", get_user_model().USERNAME_FIELD)
        )

    def location(self, user):
        return reverse("blog:author", args=[user.get_username()])


class StaticSitemap(Sitemap):
    """Three fixed pages: a list, so Django's own paginator costs nothing."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["blog:home", "blog:archive", "blog:tags"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"articles": ArticleSitemap, "authors": AuthorSitemap, "pages": StaticSitemap}


def sitemap_page(request, **kwargs):
    """A page of a sitemap (Django's view), its ``?p=`` only as the index writes it.

    Django's paginator reads any number ``int()`` reads ("02", "+2", "٢"): each spelling
    would be one more address of the page for the page cache to store.
    """
    asked = request.GET.get("p")
    if asked is not None and whole_number(asked) is None:
        raise Http404("No such sitemap page.")
    return sitemap_views.sitemap(request, **kwargs)
