"""Failed logins: the lockout page, the owners' email, and the per-address allowance.

django-axes locks an account out for one client address after ``AXES_FAILURE_LIMIT``
failures (``AXES_LOCKOUT_PARAMETERS``), for ``AXES_COOLOFF_TIME``. Locking an account for
every address would let anyone lock the owner out, so the address itself has a wider
allowance over all accounts (``LOGIN_FAILURES_PER_ADDRESS`` per cool-off period), counted in
the cache like the other rate limits; both read the client address from
``config.clientip``, so a forged ``X-Forwarded-For`` changes nothing.
"""

from __future__ import annotations

import contextlib
import logging
import unicodedata

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone

from config import ratelimit
from config.clientip import client_ip

logger = logging.getLogger(__name__)
SCOPE = "login-failures"


def cool_off_minutes() -> int:
    cool_off = get_cool_off()
    return int(cool_off.total_seconds() // 60) if cool_off else 0


def account_locked_message() -> str:
    return (
        "Too many failed logins to this account from your address. Logging in to it from "
        f"here is paused for {cool_off_minutes()} minutes, even with the right password; the "
        "site's owners have been told. Ask an owner if you need in sooner."
    )


def address_blocked_message() -> str:
    return (
        "Too many failed logins from your address. Logging in from here is paused for "
        f"{cool_off_minutes()} minutes."
    )


def lockout_response(request, original_response=None, credentials=None):
    """axes' ``AXES_LOCKOUT_CALLABLE``: the login page again, saying why nothing happened."""
    from .forms import AdminLoginForm

    site = admin.site
    context = {
        **site.each_context(request),
        "title": "Log in",
        "app_path": request.get_full_path(),
        "next": request.POST.get("next", "") if request.method == "POST" else "",
        "form": AdminLoginForm(request),
        "lockout_message": account_locked_message(),
        "username": "",
    }
    status = settings.AXES_HTTP_RESPONSE_CODE
    template = site.login_template or "admin/login.html"
    return TemplateResponse(request, template, context, status=status).render()


def address_allowance() -> ratelimit.RateLimit:
    seconds = int(get_cool_off().total_seconds()) if get_cool_off() else 60 * 60
    return ratelimit.RateLimit(settings.LOGIN_FAILURES_PER_ADDRESS, seconds)


def address_is_blocked(request) -> bool:
    return ratelimit.spent(client_ip(request), scope=SCOPE) >= address_allowance().count


def count_failure(sender, credentials, request=None, **kwargs) -> None:
    """user_login_failed receiver: one more failure for this client address."""
    if request is None:
        return
    # With the cache down, axes still locks the account for this address (in the database).
    with contextlib.suppress(ratelimit.LimiterUnavailable):
        ratelimit.over_limit(client_ip(request), address_allowance(), scope=SCOPE)


def _printable(text: str, limit: int = 150) -> str:
    """A user-typed value made safe for a plain-text email: no control or format characters."""
    return "".join(
        ch for ch in text[:limit] if unicodedata.category(ch)[0] not in "CZ" or ch == " "
    )


def tell_the_owners(sender, request, username, ip_address, **kwargs) -> None:
    """axes' user_locked_out receiver: email the superusers when a staff account is locked.

    Only for accounts that exist and are staff (a lockout on a made-up name is noise), sent
    after the commit; a mail server that is down is logged, never shown to the visitor.
    """
    users = get_user_model().objects
    if not username or not users.filter(username=username, is_staff=True).exists():
        return
    recipients = list(
        users.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    site = settings.BROADSHEET["SITE_NAME"]
    name = _printable(username)
    body = (
        f"The staff account “{name}” was locked out after {settings.AXES_FAILURE_LIMIT} failed "
        f"logins from the address {ip_address} ({timezone.now():%Y-%m-%d %H:%M %Z}).\n\n"
        f"Logins to that account from that address are refused for {cool_off_minutes()} "
        "minutes; other addresses are not affected.\n\n"
        "If it was the account's owner, they can wait, or you can lift the lockout now: "
        "admin → Axes → Access attempts (delete the row), or\n"
        f"  python manage.py axes_reset_username {name}\n\n"
        "If it was not, consider a new password for the account and requiring two-factor "
        "authentication (admin → Logins → Login settings).\n"
    )

    def send() -> None:
        try:
            send_mail(f"[{site}] Login locked: {name}", body, None, recipients)
        except Exception:
            logger.exception("Could not send the lockout email for %s.", name)

    transaction.on_commit(send)
