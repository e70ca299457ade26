"""Import a plain-text or Markdown draft as an article, and print what was detected."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from blog.importer import MAX_DRAFT_BYTES, DraftError, decode_draft, plan_import, report_lines
from blog.services import create_article_from_plan


class Command(BaseCommand):
    help = (
        "Create an article (a draft unless --publish) from a UTF-8 .txt or .md file, or from "
        "standard input with -, and report its title, sections, quotes, lists and every line "
        "left out with the reason."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("path", help="The draft: a UTF-8 .txt or .md file, or - for stdin.")
        parser.add_argument("--title", default="", help="The title, if the draft has none.")
        parser.add_argument(
            "--author",
            default="",
            help="Username of the author (default: the first superuser).",
        )
        parser.add_argument("--tags", default="", help="Comma-separated tags, e.g. a,b.")
        parser.add_argument("--publish", action="store_true", help="Publish it now.")

    def handle(self, *args, path, title, author, tags, publish, **options):
        text = self.read(path, options.get("stdin") or sys.stdin)
        user = self.author(author)
        try:
            plan = plan_import(text, title=title)
        except DraftError as error:
            raise CommandError(str(error)) from None
        if not plan.title:
            raise CommandError(
                "The draft has no title (its first line does not read as a headline): "
                'give one with --title "…".'
            )
        try:
            article = create_article_from_plan(
                plan=plan,
                author=user,
                tags=[tag for tag in tags.split(",") if tag.strip()],
                publish=publish,
            )
        except ValidationError as error:
            raise CommandError("The article cannot be saved: " + _messages(error)) from None
        for line in report_lines(plan):
            self.stdout.write(line)
        state = "Published" if publish else "Created draft"
        edit = reverse("admin:blog_article_change", args=[article.pk])
        self.stdout.write(
            self.style.SUCCESS(f"{state} “{article.title}” ({article.slug}); edit it at {edit}")
        )

    def read(self, path: str, stdin) -> str:
        if path == "-":
            stream = getattr(stdin, "buffer", None)
            if stream is None:  # a text stream (tests, or an already decoded pipe)
                text = stdin.read(MAX_DRAFT_BYTES + 1)
                data = text.encode("utf-8", "surrogatepass")
            else:
                data = stream.read(MAX_DRAFT_BYTES + 1)
            name = "standard input"
        else:
            file = Path(path)
            try:
                with file.open("rb") as handle:
                    data = handle.read(MAX_DRAFT_BYTES + 1)
            except FileNotFoundError:
                raise CommandError(f"No such file: {path}") from None
            except OSError as error:
                raise CommandError(f"Cannot read {path}: {error.strerror}") from None
            name = path
        try:
            return decode_draft(data)
        except DraftError as error:
            raise CommandError(f"{name}: {error}") from None

    def author(self, username: str):
        User = get_user_model()
        if username:
            try:
                return User._default_manager.get_by_natural_key(username)
            except User.DoesNotExist:
                raise CommandError(f"No user with the username “{username}”.") from None
        user = User._default_manager.filter(is_superuser=True, is_active=True).order_by("pk")
        if not (first := user.first()):
            raise CommandError("No author: give --author USERNAME (there is no superuser).")
        return first


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {message}" if field != "__all__" else message
            for field, messages in error.message_dict.items()
            for message in messages
        )
    return "; ".join(error.messages)
