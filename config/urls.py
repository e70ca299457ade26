from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from blog.caching import cache_until_content_changes
from blog.sitemaps import SITEMAPS
from blog.views import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    # Cached (building thousands of <url> entries is the one costly public page) until the
    # next article or section change.
    path(
        "sitemap.xml",
        cache_until_content_changes(60 * 60)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("comments/", include("comments.urls")),
    path("", include("affiliates.urls")),
    path("", include("blog.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
