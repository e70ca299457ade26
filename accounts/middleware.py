"""Staff who must use two-factor authentication and have not set it up are sent to do so."""

from __future__ import annotations

from functools import lru_cache

from django.contrib import messages
from django.core.signals import setting_changed
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, reverse

from .twofactor import REQUIRED_SESSION_KEY

ENROL_MESSAGE = (
    "The site's owner requires two-factor authentication for your account. Set it up here "
    "to continue: it takes a minute with any authenticator app."
)


@lru_cache(maxsize=8)
def _admin_paths(urlconf, script_prefix: str) -> tuple[str, tuple[str, ...]]:
    """The admin's prefix, and the admin pages open to staff who have not set it up yet:
    reversed once per URLconf and script prefix, not on every request (public pages
    included). ``reverse()`` writes the current script prefix in, so it is part of the key:
    kept for the first request's ``SCRIPT_NAME`` alone, every other's admin would be open."""
    return reverse("admin:index", urlconf), (
        reverse("accounts:two-factor", urlconf),
        reverse("admin:logout", urlconf),
    )


def _forget_admin_paths(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # the script prefix is part of the key already
        _admin_paths.cache_clear()


setting_changed.connect(_forget_admin_paths)


class TwoFactorRequiredMiddleware:
    """After django_otp's OTPMiddleware, on admin pages only.

    Whether the user must use two-factor authentication is decided when they log in
    (``twofactor.remember_requirement``) and kept in the session, so no page pays a query
    for it; the owner's change applies from each user's next login.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.must_set_up(request):
            messages.warning(request, ENROL_MESSAGE, fail_silently=True)
            return redirect("accounts:two-factor")
        return self.get_response(request)

    def must_set_up(self, request) -> bool:
        path = request.path  # with the script name, as reverse() writes the admin's paths
        prefix, open_to_everyone = _admin_paths(get_urlconf(), get_script_prefix())
        if not path.startswith(prefix) or path in open_to_everyone:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return False
        return bool(request.session.get(REQUIRED_SESSION_KEY)) and not user.is_verified()
