from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from blog.caching import public_page
from blog.sitemaps import SITEMAPS, sitemap_page
from blog.views import robots_txt

urlpatterns = [
    path("admin/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    # An index of sitemap pages (≤ 5,000 URLs each), so every article is listed at any size;
    # each is a public page, cached until an article changes.
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_page, query=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("comments/", include("comments.urls")),
    path("", include("search.urls")),
    path("", include("subscriptions.urls")),
    path("", include("affiliates.urls")),
    path("", include("newsroom.urls")),
    path("", include("blog.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
