from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff logins: throttling (django-axes), two-factor (django-otp) and their settings."""

    name = "accounts"
    verbose_name = "Logins"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import lockout, twofactor

        user_locked_out.connect(lockout.tell_the_owners, dispatch_uid="accounts-lockout-email")
        user_login_failed.connect(lockout.count_failure, dispatch_uid="accounts-address-failures")
        user_logged_in.connect(
            twofactor.remember_requirement, dispatch_uid="accounts-two-factor-required"
        )
