from django.urls import path, register_converter

from . import converters, feeds, views

register_converter(converters.UnicodeSlugConverter, "uslug")
register_converter(converters.UsernameConverter, "username")

app_name = "blog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("tags/<uslug:slug>/feed/rss/", feeds.TagFeed(), name="tag-feed-rss"),
    path("tags/<uslug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("authors/<username:username>/", views.AuthorView.as_view(), name="author"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/<int:month>/", views.MonthArchiveView.as_view(), name="archive-month"),
    path("feed/rss/", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
]
