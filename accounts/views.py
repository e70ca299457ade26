"""Setting up two-factor authentication, from the admin (staff only, see ``urls``)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from . import twofactor
from .forms import ConfirmDeviceForm
from .models import LoginSettings


@never_cache
def two_factor(request):
    """Show the secret (QR code, otpauth URI, typed key) and confirm it with a code.

    A user who already has a device but whose session is not verified (e.g. the owner made
    two-factor compulsory after they logged in) confirms a code from that device instead.
    """
    user = request.user
    existing = twofactor.confirmed_device(user)
    if existing is not None and user.is_verified():
        return render(request, {"enabled": True, "device": existing})
    device = existing or twofactor.pending_device(user)
    form = ConfirmDeviceForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        twofactor.confirm(request, device)
        messages.success(request, "Two-factor authentication is on for your account.")
        return redirect("admin:index")
    context = {"form": form, "device": device, "verifying": existing is not None}
    if existing is None:
        uri = device.config_url
        context.update(
            qr_code=twofactor.qr_code_svg(uri), otpauth_uri=uri, secret=twofactor.secret(device)
        )
    return render(request, context)


def render(request, context):
    return TemplateResponse(
        request,
        "accounts/two_factor.html",
        {
            **admin.site.each_context(request),
            "title": "Two-factor authentication",
            "required": LoginSettings.load().requires_two_factor(request.user),
            **context,
        },
    )
