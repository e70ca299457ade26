from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return (
            Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.updated_at


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["blog:home", "blog:archive"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"articles": ArticleSitemap, "pages": StaticSitemap}
