from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from . import caching
from .models import Article

# Search engines accept 50,000 URLs per file; smaller pages build faster and change less.
URLS_PER_PAGE = 5000


class ArticleSitemap(Sitemap):
    """Every public article, newest first, in pages named by the index at /sitemap.xml."""

    changefreq = "weekly"
    limit = URLS_PER_PAGE

    def items(self):
        caching.depends_on(caching.SITEMAP)
        return (
            Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.updated_at

    @property
    def paginator(self):
        """Django's paginator, with the count (a scan of every public row) remembered."""
        paginator = Paginator(self._items(), self.limit)
        paginator.count = caching.remember(
            "sitemap-count", [caching.SITEMAP], lambda: self.items().count()
        )
        return paginator

    def get_latest_lastmod(self):
        """One aggregate, remembered until an article changes (Django's default for a method
        walks every article)."""
        return caching.remember(
            "sitemap-lastmod",
            [caching.SITEMAP],
            lambda: Article.objects.published().aggregate(latest=Max("updated_at"))["latest"],
        )


class AuthorSitemap(Sitemap):
    """Every author page: the people with a public article (as the page itself requires)."""

    changefreq = "weekly"
    limit = URLS_PER_PAGE

    def items(self):
        caching.depends_on(caching.SITEMAP)
        published = Article.objects.published().filter(author=OuterRef("pk"))
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Exists(published))
            .only("id", get_user_model().USERNAME_FIELD)
            .order_by("id")
        )

    def location(self, user):
        return reverse("blog:author", args=[user.get_username()])


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["blog:home", "blog:archive", "blog:tags"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"articles": ArticleSitemap, "authors": AuthorSitemap, "pages": StaticSitemap}
