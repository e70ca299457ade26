from django.contrib import admin

from blog.singleton_admin import SingletonAdmin

from .models import LoginSettings


@admin.register(LoginSettings)
class LoginSettingsAdmin(SingletonAdmin):
    """Whether editors and owners must use two-factor authentication."""

    fields = ["require_two_factor"]
