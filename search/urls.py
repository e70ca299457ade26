from django.urls import path

from blog.caching import public_page

from . import views

app_name = "search"

urlpatterns = [
    # A public page: cached for anonymous readers (see SearchView for how long).
    path(
        "search/",
        public_page(views.SearchView.as_view(), query=("q", "tag", "author", "page")),
        name="search",
    ),
    path("opensearch.xml", views.opensearch, name="opensearch"),
]
