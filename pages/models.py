"""Pages served at a path of their own (About, Contact…) and permanent redirects from old
addresses: both are looked up only when no view answers the path (see ``middleware``)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models

from blog import markup
from blog.models import BODY_MAX_LENGTH, Article, limited

no_nul = ProhibitNullCharactersValidator()
# A site path: "/", then no scheme, no host ("//"), no backslash, no control characters.
_PATH = re.compile(r"^/(?![/\\])[^\s\\\x00-\x1f\x7f]*$")
# The short-link keys WordPress answers on its home page: /?p=123, /?page_id=7, /?cat=3…
SHORT_LINK_KEYS = ("p", "page_id", "cat", "tag", "feed")


def validate_site_path(value: str) -> None:
    if not _PATH.match(value or ""):
        raise ValidationError(
            "Give a path on this site, starting with one “/” (e.g. /about/), without spaces."
        )


def short_link_path(key: str, value: str, prefix: str = "") -> str:
    """How a home-page short link is stored: "/?p=123" (or "/blog/?p=123")."""
    return f"{prefix}/?{key}={value}"


class PageQuerySet(models.QuerySet):
    def published(self) -> PageQuerySet:
        return self.filter(is_published=True)


class Page(models.Model):
    """A standalone page (About, Contact…) written in Markdown, at a path of its own."""

    title = models.CharField(max_length=200, validators=[no_nul])
    path = models.CharField(
        max_length=300,
        unique=True,
        validators=[validate_site_path],
        help_text="Where the page answers, e.g. /about/ (a path no other page of the site uses).",
    )
    body = models.TextField(
        blank=True,
        max_length=BODY_MAX_LENGTH,
        validators=limited(BODY_MAX_LENGTH),
        help_text="Markdown, at most 100,000 characters.",
    )
    body_html = models.TextField(blank=True, editable=False)
    is_published = models.BooleanField("published", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Rendered and sanitised once, by the one renderer, like an article's text.
        self.body_html = markup.render_markdown(
            self.body, context={"anchor_prefix": "page", "article_slug": ""}
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.path


class Redirect(models.Model):
    """A permanent redirect from an old address to an article or a path of this site."""

    old_path = models.CharField(
        max_length=500,
        unique=True,
        validators=[validate_site_path],
        help_text="The old address's path, e.g. /2012/01/07/my-post/ or a short link /?p=123.",
    )
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Redirect to this article's current address (only while it is public).",
    )
    new_path = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_site_path],
        help_text="Or a path on this site, e.g. /tags/travel/ (used when no article is set).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.target_label}"

    @property
    def target_label(self) -> str:
        return f"“{self.article}”" if self.article_id else self.new_path

    def clean(self) -> None:
        if not self.article_id and not self.new_path:
            raise ValidationError("Choose an article or give a new path.")
        if self.new_path and self.new_path == self.old_path:
            raise ValidationError({"new_path": "A redirect to itself would loop."})

    def target(self) -> str | None:
        """Where readers go now (a local path), or None when the article is not public."""
        if self.article_id:
            return self.article.get_absolute_url() if self.article.is_public else None
        return self.new_path or None
