"""Two-factor authentication (TOTP, django-otp) for staff: setting up a device, and who must.

The admin login asks for the code when the user has a confirmed device
(``forms.AdminLoginForm``); ``LoginSettings.require_two_factor`` makes it compulsory for
editors and owners, and ``TwoFactorRequiredMiddleware`` sends those without a device to set
one up instead of locking them out.
"""

from __future__ import annotations

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"
REQUIRED_SESSION_KEY = "accounts_two_factor_required"


def remember_requirement(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: note in the session whether this login must be verified."""
    from .models import LoginSettings

    if request is None or not hasattr(request, "session"):
        return
    if user.is_staff and LoginSettings.load().requires_two_factor(user):
        request.session[REQUIRED_SESSION_KEY] = True
    else:
        request.session.pop(REQUIRED_SESSION_KEY, None)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The device being set up: its secret stays the same until it is confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm(request, device: TOTPDevice) -> None:
    """The user proved the app holds the secret: the device is on, this session verified."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)


def secret(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_svg(uri: str) -> SafeString:
    """The otpauth:// URI as an inline SVG QR code (no image request, nothing external)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    # Library output built only from the URI's bits: a <svg> with one <path>.
    return mark_safe(image.to_string(encoding="unicode"))
