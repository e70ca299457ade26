"""The search page and the OpenSearch description; the work is in ``query`` and ``results``."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from blog import caching

from .conf import CACHE_SECONDS, MAX_PAGES
from .forms import SearchForm
from .results import run_search


class SearchView(TemplateView):
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Kept in the page cache for minutes, not the hour: its key space is unbounded.
        caching.valid_until(timezone.now() + timedelta(seconds=CACHE_SECONDS))
        form = SearchForm(self.request.GET)
        form.is_valid()  # invalid filters are dropped, not reported
        page = form.value("page") or 1
        if page > MAX_PAGES:
            raise Http404("Refine your search: only the best matches are listed.")
        context["search"] = run_search(
            query=self.request.GET.get("q", ""),
            tag=form.value("tag") or "",
            author=form.value("author") or "",
            page=page,
        )
        context["search_query"] = context["search"].query
        return context


def opensearch(request):
    """Lets browsers offer the site's search from the address bar."""
    context = {"search_url": request.build_absolute_uri(reverse("search:search"))}
    return render(
        request,
        "search/opensearch.xml",
        context,
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
