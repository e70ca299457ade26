from django.contrib import admin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from blog.singleton_admin import SingletonAdmin

from .models import LoginSettings


@admin.register(LoginSettings)
class LoginSettingsAdmin(SingletonAdmin):
    """Whether editors and owners must use two-factor authentication."""

    fields = ["require_two_factor"]


class DeviceAdmin(TOTPDeviceAdmin):
    """django-otp's device list, for an owner to remove a lost phone's device.

    Without its QR-code and setup views: a device's secret belongs to its user, who sets it
    up on their own page (``accounts:two-factor``); nobody else should see it (and those
    views answered 500 to an out-of-range id). ``OTP_ADMIN_HIDE_SENSITIVE_DATA`` hides the
    key in the form too.
    """

    def get_urls(self):
        return admin.ModelAdmin.get_urls(self)


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, DeviceAdmin)
