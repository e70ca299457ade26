"""The owner's login rules: one row, cached (``blog.singletons.CachedSingleton``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from blog.singletons import CachedSingleton

EDITORS_GROUP = "Editors"


class LoginSettings(CachedSingleton):
    """What the owner requires of staff logins."""

    require_two_factor = models.BooleanField(
        "require two-factor authentication for editors and owners",
        default=False,
        help_text=(
            "Editors and owners (superusers) must confirm each login with a code from an "
            "authenticator app. Those who have not set one up are sent to set it up (from "
            "any admin page) before they can do anything else. Applies from each person's "
            "next login."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "login settings"
        verbose_name_plural = "login settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="loginsettings_singleton")]

    def __str__(self) -> str:
        return "Login settings"

    def requires_two_factor(self, user) -> bool:
        """Whether ``user`` (staff) must use two-factor authentication under these rules."""
        if not self.require_two_factor or not user.is_authenticated:
            return False
        return user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists()
