"""Make sure an administrator exists; print the login only when it is first created."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the 'admin' superuser with a random password if no superuser exists yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@localhost")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing:
            self.stdout.write(
                f"Admin account: {existing.get_username()} (password as printed when created; "
                f"change it with `manage.py changepassword {existing.get_username()}`)."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username, email=email, password=password, first_name="Site", last_name="Owner"
        )
        self.stdout.write(self.style.SUCCESS("Created the admin account. Log in at /admin/ with"))
        self.stdout.write(f"    username: {username}\n    password: {password}")
        self.stdout.write("This password is shown only once.")
