"""Staff who must use two-factor authentication and have not set it up are sent to do so."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from .twofactor import REQUIRED_SESSION_KEY

ENROL_MESSAGE = (
    "The site's owner requires two-factor authentication for your account. Set it up here "
    "to continue: it takes a minute with any authenticator app."
)


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
        path = request.path_info
        if not path.startswith(reverse("admin:index")):
            return False
        if path in (reverse("accounts:two-factor"), reverse("admin:logout")):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return False
        return bool(request.session.get(REQUIRED_SESSION_KEY)) and not user.is_verified()
