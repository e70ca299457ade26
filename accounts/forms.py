"""The admin's login form (with the authenticator code) and the two-factor set-up form."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import devices_for_user

from . import lockout

TOKEN_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8, "maxlength": 8}
)


class AdminLoginForm(AdminAuthenticationForm):
    """Username and password, then — for staff who have set up two-factor authentication —
    the current code from their authenticator app, in the same form.

    A wrong code counts as a failed login (django-axes sees it), so a stolen password does
    not give unlimited guesses at the code; the device throttles guesses as well.
    """

    otp_token = forms.CharField(
        label="Authenticator code",
        required=False,
        widget=TOKEN_WIDGET,
        help_text="Only if you have set up two-factor authentication.",
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "token_required": (
            "This account uses two-factor authentication: enter your password again with the "
            "6-digit code from your authenticator app."
        ),
        "invalid_token": (
            "That authenticator code is wrong or has expired. Enter your password again with "
            "the current code."
        ),
    }

    def clean(self):
        if self.request is not None and lockout.address_is_blocked(self.request):
            raise ValidationError(lockout.address_blocked_message(), code="address_blocked")
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None:
            self.check_token(user, cleaned_data.get("otp_token", "").strip())
        return cleaned_data

    def check_token(self, user, token: str) -> None:
        with transaction.atomic():
            devices = list(devices_for_user(user, confirmed=True, for_verify=True))
            if not devices:
                return  # no device: password only (unless 2FA is required: see middleware)
            if not token:
                raise ValidationError(self.error_messages["token_required"], code="token_required")
            device = next((device for device in devices if device.verify_token(token)), None)
        if device is None:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise ValidationError(self.error_messages["invalid_token"], code="invalid_token")
        user.otp_device = device  # django_otp marks the session verified on login


class ConfirmDeviceForm(forms.Form):
    """The code the new authenticator shows, proving it holds the secret."""

    token = forms.CharField(label="Code from your authenticator app", widget=TOKEN_WIDGET)

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not self.device.verify_token(token):
            raise ValidationError(
                "That code does not match. Check the app's clock and enter the current code.",
                code="invalid_token",
            )
        return token
