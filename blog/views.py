from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView

from . import archive, author_page, caching, extensions, front_page, roles
from .cards import CardMaker
from .models import Article, Correction, Tag
from .pagination import paginate
from .presentation import LazyArticlePage, author_name


class ArticleListMixin:
    """A cursor-paginated list of public articles; subclasses narrow the queryset."""

    template_name = "blog/article_list.html"
    heading = ""
    feeds: list[tuple[str, str, str]] = []

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = paginate(
            self.get_queryset(),
            self.request.GET.get("before"),
            settings.BROADSHEET["ARTICLES_PER_PAGE"],
        )
        is_first_page = not self.request.GET.get("before")
        if not page.cursor_found or not page.items:
            # A made-up cursor, or an empty list (any year from 1900 to 9999 makes an empty
            # archive): answered, but not stored, so such addresses cannot fill the cache.
            # An empty list costs little to render again.
            caching.not_kept()
        # The cards record what they show (articles, tags' names); the page's articles are
        # recorded too, since its cursor moves with them.
        caching.depends_on(
            *self.list_dependencies(), *(caching.article_key(item.pk) for item in page.items)
        )
        front = self.arrange(page.items, is_first_page=is_first_page)
        maker = CardMaker()
        context.update(
            articles=front.latest,
            lead=front.lead,
            lead_was_chosen=front.lead_was_chosen,
            cards=maker.cards(front.latest, eager_first=front.lead is None),
            lead_card=maker.card(front.lead, with_tags=False) if front.lead else None,
            page=page,
            is_first_page=is_first_page,
            heading=self.get_heading(),
            extra_feeds=self.get_feeds(),
        )
        return context

    def arrange(self, items: list[Article], *, is_first_page: bool) -> front_page.FrontPage:
        """The page's articles as shown: a list, and on the home page a lead above it."""
        return front_page.FrontPage(lead=None, latest=items, lead_was_chosen=False)

    def get_heading(self) -> str:
        return self.heading

    def list_dependencies(self) -> list[str]:
        """The page-cache keys whose change alters which articles this list holds."""
        return [caching.LISTS]

    def get_feeds(self) -> list[tuple[str, str, str]]:
        return []


def public_tag_or_404(slug: str) -> Tag:
    """A tag that at least one public article carries; a draft's tags stay unannounced."""
    # EXISTS stops at the first public article, where a join would visit them all.
    carried = Article.tags.through.objects.filter(
        tag=OuterRef("pk"), content_object__in=Article.objects.published()
    )
    return get_object_or_404(Tag.objects.filter(slug=slug).filter(Exists(carried)))


class HomeView(ArticleListMixin, TemplateView):
    template_name = "blog/home.html"
    heading = "Latest analysis"

    def arrange(self, items, *, is_first_page):
        if not is_first_page:
            return super().arrange(items, is_first_page=is_first_page)  # older pages stay flat
        # The lead story above the latest (blog/front_page.py).
        return front_page.front_page(items)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["after_list"] = [extend(self.request) for extend in extensions.home_page_extenders]
        return context


class TagView(ArticleListMixin, TemplateView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.tag = get_object_or_404(Tag, slug=kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A page listing an article shows the tag is public; only an empty one asks whether
        # any public article carries it (a draft's tag stays unannounced), so the tag itself
        # is a plain lookup by slug, not one joined to the articles.
        if not context["page"].items:
            public_tag_or_404(self.tag.slug)
        return context

    def get_queryset(self):
        return super().get_queryset().filter(tags=self.tag)

    def get_heading(self) -> str:
        return f"Tagged “{self.tag.name}”"

    def list_dependencies(self) -> list[str]:
        return [caching.tag_list_key(self.tag.pk)]

    def get_feeds(self):
        name, slug = f"“{self.tag.name}”", self.tag.slug
        return [
            ("application/rss+xml", f"{name} (RSS)", reverse("blog:tag-feed-rss", args=[slug])),
            ("application/atom+xml", f"{name} (Atom)", reverse("blog:tag-feed-atom", args=[slug])),
        ]


class AuthorView(ArticleListMixin, TemplateView):
    template_name = "blog/author.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Only people who have published have a public page; anyone else's name stays private.
        # EXISTS stops at the author's first public article (a join visited them all).
        published = Article.objects.published().filter(author=OuterRef("pk"))
        published_authors = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Exists(published))
            .select_related("author_profile")  # bio and photo in the same query
        )
        self.author = get_object_or_404(published_authors, username=kwargs["username"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["profile"] = author_page.profile_of(self.author, self.request)
        return context

    def get_queryset(self):
        return super().get_queryset().filter(author=self.author)

    def get_heading(self) -> str:
        return f"Articles by {author_name(self.author)}"

    def list_dependencies(self) -> list[str]:
        return [caching.author_list_key(self.author.pk)]


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The first moment of the month and of the next one; 404 for a month outside the calendar
    the database can store (before 1900, or whose next month is past 9999-12-31 in UTC)."""
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        raise Http404("No such month.")
    tz = timezone.get_current_timezone()
    try:
        start = datetime(year, month, 1, tzinfo=tz)
        end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
        end.astimezone(UTC)  # the database compares in UTC: it must be representable there
    except (OverflowError, ValueError):
        raise Http404("No such month.") from None
    return start, end


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first moment of the year and of the next one; 404 outside what can be stored."""
    if not 1900 <= year <= 9998:
        raise Http404("No such year.")
    return month_bounds(year, 1)[0], month_bounds(year + 1, 1)[0]


class YearArchiveView(ArticleListMixin, TemplateView):
    """A year's articles, newest first, under its months with their counts."""

    template_name = "blog/archive_year.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.year = int(kwargs["year"])
        self.start, self.end = year_bounds(self.year)

    def get_queryset(self):
        # A range, not __year, so the (status, published_at) index is used.
        return (
            super().get_queryset().filter(published_at__gte=self.start, published_at__lt=self.end)
        )

    def get_heading(self) -> str:
        return f"Archive: {self.year}"

    def list_dependencies(self) -> list[str]:
        return [caching.LISTS]  # what changes any month changes the year (and its counts)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = next((item for item in archive.year_counts() if item.year == self.year), None)
        context["year_summary"] = summary
        return context


class MonthArchiveView(ArticleListMixin, TemplateView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.start, self.end = month_bounds(int(kwargs["year"]), int(kwargs["month"]))

    def get_queryset(self):
        # A range, not __year/__month, so the (status, published_at) index is used.
        return (
            super().get_queryset().filter(published_at__gte=self.start, published_at__lt=self.end)
        )

    def get_heading(self) -> str:
        return f"Archive: {self.start:%B %Y}"

    def list_dependencies(self) -> list[str]:
        return [caching.month_list_key(self.start.year, self.start.month)]


class ArchiveIndexView(TemplateView):
    template_name = "blog/archive_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Counts per month from one aggregate, kept until the lists change (blog/archive.py).
        context["years"] = archive.year_counts()
        return context


class TagIndexView(TemplateView):
    """Every tag public articles carry, with its count (one remembered query)."""

    template_name = "blog/tag_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tags"] = archive.tag_counts()
        return context


class CorrectionsView(TemplateView):
    """Every correction and update on a public article, newest first (2 queries a page)."""

    template_name = "blog/corrections.html"
    per_page = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        caching.depends_on(caching.LISTS, caching.CORRECTIONS)
        corrections = (
            Correction.objects.filter(article__in=Article.objects.published())
            .select_related("article")
            .only("id", "kind", "note_html", "created_at", "article__title", "article__slug")
            .order_by("-created_at", "-id")
        )
        asked = self.request.GET.get("page")
        page = Paginator(corrections, self.per_page).get_page(asked)
        if asked is not None and asked != str(page.number):
            # "abc", "007" or past the end: a page is shown (get_page is lenient), under an
            # address the site never links, so it is not stored.
            caching.not_kept()
        context.update(corrections=page.object_list, page_obj=page)
        return context


class ArticleDetailView(DetailView):
    template_name = "blog/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        # Only the row: its author, sections, tags, boxes and the extensions' annotations are
        # read when a fragment is rendered (``build_article_page``), not when it is kept.
        return Article.objects.published()

    def get_object(self, queryset=None):
        # Kept with the page's fragments: when they are kept too, the page reads no SQL.
        return caching.kept_object("article", self.request, lambda: self.fetch_object(queryset))

    def fetch_object(self, queryset=None):
        article = super().get_object(queryset)
        caching.depends_on(caching.article_key(article.pk), caching.article_body_key(article.pk))
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = LazyArticlePage(self.object, self.request)
        context["is_preview"] = False
        context["fragments"] = True  # blog_tags.fragment: the public page's parts are kept
        return context


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, ArticleDetailView):
    """A draft exactly as readers will see it, for staff who may edit articles."""

    permission_required = "blog.preview_article"
    raise_exception = True

    def has_permission(self) -> bool:
        user = self.request.user
        return (
            user.is_active
            and user.is_staff
            and (user.has_perm("blog.preview_article") or user.has_perm("blog.change_article"))
        )

    def get_queryset(self):
        # Authors preview their own articles only; editors every one.
        return roles.articles_for(self.request.user, Article.objects.for_reading())

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        context["fragments"] = False  # a draft is never kept
        return context


def robots_txt(request):
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in settings.ROBOTS_DISALLOW),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
