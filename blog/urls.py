from django.urls import path, register_converter

from . import converters, feeds, views
from .caching import public_page

register_converter(converters.UnicodeSlugConverter, "uslug")
register_converter(converters.UsernameConverter, "username")

app_name = "blog"

# public_page: anonymous readers may get these from the page cache (blog/caching.py).
LIST_QUERY = ("before",)

urlpatterns = [
    path("", public_page(views.HomeView.as_view(), query=LIST_QUERY), name="home"),
    path(
        "articles/<slug:slug>/",
        # ?section= shows the threads that answer one section, ?comments_before= pages older
        # comment threads (the comments app reads both, and links them in this order).
        public_page(views.ArticleDetailView.as_view(), query=("section", "comments_before")),
        name="article",
    ),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("tags/", public_page(views.TagIndexView.as_view()), name="tags"),
    path("tags/<uslug:slug>/", public_page(views.TagView.as_view(), query=LIST_QUERY), name="tag"),
    path("tags/<uslug:slug>/feed/rss/", public_page(feeds.TagFeed()), name="tag-feed-rss"),
    path("tags/<uslug:slug>/feed/atom/", public_page(feeds.TagAtomFeed()), name="tag-feed-atom"),
    path(
        "authors/<username:username>/",
        public_page(views.AuthorView.as_view(), query=LIST_QUERY),
        name="author",
    ),
    path("archive/", public_page(views.ArchiveIndexView.as_view()), name="archive"),
    path(
        "corrections/",
        public_page(views.CorrectionsView.as_view(), query=("page",)),
        name="corrections",
    ),
    path(
        "archive/<int:year>/",
        public_page(views.YearArchiveView.as_view(), query=LIST_QUERY),
        name="archive-year",
    ),
    path(
        "archive/<int:year>/<int:month>/",
        public_page(views.MonthArchiveView.as_view(), query=LIST_QUERY),
        name="archive-month",
    ),
    path("feed/rss/", public_page(feeds.LatestArticlesFeed()), name="feed-rss"),
    path("feed/atom/", public_page(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
]
