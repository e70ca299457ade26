"""Response headers Django has no setting for."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseBadRequest


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` → ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` to every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RejectNulMiddleware:
    """A NUL character in the path is 400 Bad Request, before any view.

    No page can live at such an address, and PostgreSQL refuses NUL in text, so a lookup made
    with it (a page path, an old address, a username) would otherwise fail as a 500. Query
    parameters are the views' to read: each ignores or refuses what it cannot use (search
    terms, cursors, short links).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return HttpResponseBadRequest(
                "Addresses cannot contain NUL characters.", content_type="text/plain"
            )
        return self.get_response(request)
