"""Pages and old addresses, looked up only where the site has nothing else to say.

* A 404 on any path: a published ``Page`` at that path is shown; else a ``Redirect`` from it
  answers 301 (a path without its trailing slash finds both too).
* A short link on the home page (``/?p=123``, ``/?page_id=7``…), which would otherwise get
  the home page with 200: a ``Redirect`` stored as that short link answers 301 before the
  view runs. (Under a prefix, ``/blog/?p=7`` is a 404 and found by the fallback.)

Ordinary pages cost no query; only 404s and short links do. Targets are local paths
(validated on save), so no redirect leaves the site.
"""

from __future__ import annotations

from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse

from .models import SHORT_LINK_KEYS, Page, Redirect, short_link_path


class SitePathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = request.method in ("GET", "HEAD")
        if reading and request.path_info == "/" and request.GET:
            response = self._short_link(request)
            if response:
                return response
        response = self.get_response(request)
        if response.status_code != 404 or not reading:
            return response
        return self._fallback(request) or response

    def _short_link(self, request):
        for key in SHORT_LINK_KEYS:
            value = request.GET.get(key)
            if value and "\x00" not in value:  # no stored path has NUL (PostgreSQL refuses it)
                path = short_link_path(key, value, request.path_info.rstrip("/"))
                return self._redirect(Redirect.objects.filter(old_path=path))
        return None

    def _fallback(self, request):
        path = request.path_info
        if "\x00" in path:
            return None  # never a page or an old address (and PostgreSQL refuses NUL in text)
        if request.GET and path.endswith("/"):  # a short link under a prefix: /blog/?p=7
            response = self._short_link(request)
            if response:
                return response
        candidates = [path] if path.endswith("/") else [path, f"{path}/"]
        page = Page.objects.published().filter(path__in=candidates).order_by("path").first()
        if page is not None:
            if page.path != path:
                return HttpResponsePermanentRedirect(page.path)
            return self._page(request, page)
        return self._redirect(Redirect.objects.filter(old_path__in=candidates))

    @staticmethod
    def _redirect(redirects):
        redirect = redirects.select_related("article").order_by("old_path").first()
        target = redirect.target() if redirect else None
        return HttpResponsePermanentRedirect(target) if target else None

    @staticmethod
    def _page(request, page):
        try:
            response = TemplateResponse(request, "pages/page.html", {"page_obj": page})
            return response.render()
        except Http404:  # pragma: no cover - the template raises nothing
            return None
